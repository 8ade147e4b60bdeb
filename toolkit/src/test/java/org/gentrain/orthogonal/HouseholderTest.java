package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

class HouseholderTest extends OrthogonalizerContract {

    @Override
    Orthogonalizer orthogonalizer() {
        return new Householder();
    }

    @Override
    String vectorCase() {
        return "householder";
    }

    /** The vector case gives three reflection vectors in four dimensions, not a square R. */
    @Override
    NDArray referenceMap(NDArray vectors) {
        return Householder.reflections(vectors);
    }

    @Test
    void isNamedHouseholder() {
        assertEquals("householder", new Householder().name());
    }
}
