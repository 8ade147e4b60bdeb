package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CayleyTest extends OrthogonalizerContract {

    @Override
    Orthogonalizer orthogonalizer() {
        return new Cayley();
    }

    @Override
    String vectorCase() {
        return "cayley";
    }

    @Test
    void isNamedCayley() {
        assertEquals("cayley", new Cayley().name());
    }
}
