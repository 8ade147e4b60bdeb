package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The default block Gram-Schmidt; the nested classes hold the row-by-row loop and uneven blocks to the same contract. */
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
    void rejectsBlockSizeBelowOne() {
        assertEquals(
                "blockSize must be >= 1, was 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> GramSchmidt.builder().optBlockSize(0).build())
                        .getMessage());
    }

    @Test
    void blockSizeDoesNotChangeQ() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray r = randomMatrix(manager, 40, 9, DataType.FLOAT64);
            NDArray rowByRow = GramSchmidt.builder().optBlockSize(1).build().orthogonalize(r);
            for (int blockSize : new int[] {3, 7, 32, 64}) {
                NDArray blocked =
                        GramSchmidt.builder().optBlockSize(blockSize).build().orthogonalize(r);
                double gap = blocked.sub(rowByRow).abs().max().getDouble();
                assertTrue(gap < 1e-12, "block size " + blockSize + " differs by " + gap);
            }
        }
    }

    @Nested
    class RowByRow extends OrthogonalizerContract {
        @Override
        Orthogonalizer orthogonalizer() {
            return GramSchmidt.builder().optBlockSize(1).build();
        }

        @Override
        String vectorCase() {
            return "gram_schmidt_rows";
        }
    }

    @Nested
    class BlocksOfThree extends OrthogonalizerContract {
        @Override
        Orthogonalizer orthogonalizer() {
            return GramSchmidt.builder().optBlockSize(3).build();
        }

        @Override
        String vectorCase() {
            return "gram_schmidt_rows";
        }
    }
}
