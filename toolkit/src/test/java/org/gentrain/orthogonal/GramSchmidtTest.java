package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GramSchmidtTest extends OrthogonalizerContract {

    @Override
    Orthogonalizer orthogonalizer() {
        return new GramSchmidt();
    }

    @Override
    String vectorCase() {
        return "gram_schmidt_rows";
    }

    @Test
    void isNamedGs() {
        assertEquals("gs", new GramSchmidt().name());
    }

    @Test
    void rejectsPassesOutsideOneToTwo() {
        assertEquals(
                "passes must be in [1, 2], was 3",
                assertThrows(IllegalArgumentException.class, () -> new GramSchmidt(3)).getMessage());
    }
}
