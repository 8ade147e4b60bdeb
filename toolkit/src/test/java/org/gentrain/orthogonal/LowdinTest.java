package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class LowdinTest extends OrthogonalizerContract {

    @Override
    Orthogonalizer orthogonalizer() {
        return new Lowdin();
    }

    @Override
    String vectorCase() {
        return "lowdin";
    }

    @Test
    void isNamedLowdin() {
        assertEquals("lowdin", new Lowdin().name());
    }

    @Test
    void reportsTheErrorItReachedWithinTheTolerance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray r = randomMatrix(manager, 32, 3, DataType.FLOAT64);
            Lowdin.Polar polar = new Lowdin().polar(r);
            assertTrue(polar.converged());
            assertTrue(polar.error() <= Lowdin.FLOAT64_TOLERANCE, "error " + polar.error());
            assertEquals(Orthogonality.error(polar.q()), polar.error(), 1e-15);
            assertTrue(polar.iterations() > 5 && polar.iterations() < 60, polar.iterations() + " iterations");
        }
    }

    @Test
    void polarFactorOfAScaledOrthogonalMatrixIsThatMatrix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = new Cayley().orthogonalize(randomMatrix(manager, 8, 4, DataType.FLOAT64));
            NDArray three = manager.create(3.0);
            NDArray polar = new Lowdin().orthogonalize(q.mul(three));
            assertTrue(polar.sub(q).abs().max().getDouble() < 1e-12);
        }
    }

    @Test
    void stopsAtTheIterationCapAndSaysItDidNotConverge() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Lowdin.Polar polar =
                    Lowdin.builder().optMaxIterations(2).build().polar(randomMatrix(manager, 16, 5, DataType.FLOAT64));
            assertFalse(polar.converged());
            assertEquals(2, polar.iterations());
            assertEquals(Orthogonality.error(polar.q()), polar.error(), 1e-15);
        }
    }

    @Test
    void builderRejectsOutOfRangeSettings() {
        assertEquals(
                "tolerance must be in (0, 1), was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Lowdin.builder().optTolerance(0).build())
                        .getMessage());
        assertEquals(
                "maxIterations must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Lowdin.builder().optMaxIterations(0).build())
                        .getMessage());
    }
}
