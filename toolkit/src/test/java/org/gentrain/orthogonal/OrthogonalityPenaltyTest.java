package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OrthogonalityPenaltyTest {

    @Test
    void isTheSquaredFrobeniusDistanceOfRRTransposedFromIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // R R^T = [[5, 3], [3, 2]]: (5-1)^2 + 2 * 3^2 + (2-1)^2 = 35
            NDArray r = manager.create(new double[] {1, 2, 1, 1}, new Shape(2, 2));
            assertEquals(35.0, OrthogonalityPenalty.of(r).getDouble(), 1e-12);
        }
    }

    @Test
    void vanishesOnAnOrthogonalMatrix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q =
                    new Cayley().orthogonalize(OrthogonalizerContract.randomMatrix(manager, 6, 1, DataType.FLOAT64));
            assertEquals(0.0, OrthogonalityPenalty.of(q).getDouble(), 1e-24);
        }
    }

    @Test
    void gradientIsFourTimesRRTransposedMinusIdentityTimesR() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray r = OrthogonalizerContract.randomMatrix(manager, 5, 2, DataType.FLOAT64);
            NDArray one = manager.create(1.0);
            double[] grad = OrthogonalizerContract.gradient(OrthogonalityPenalty::of, r, one, true);
            NDArray eye = manager.eye(5, 5, 0, DataType.FLOAT64);
            NDArray four = manager.create(4.0);
            double[] expected =
                    r.matMul(r.transpose()).sub(eye).matMul(r).mul(four).toDoubleArray();
            assertArrayEquals(expected, grad, 1e-10);
        }
    }

    @Test
    void rejectsNonSquareInputNamingItsShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray tall = manager.zeros(new Shape(4, 3));
            assertEquals(
                    "r must be a square matrix [d, d] with d >= 1, was (4, 3)",
                    assertThrows(IllegalArgumentException.class, () -> OrthogonalityPenalty.of(tall))
                            .getMessage());
        }
    }

    @Test
    void isNamedSoft() {
        assertEquals("soft", OrthogonalityPenalty.NAME);
    }
}
