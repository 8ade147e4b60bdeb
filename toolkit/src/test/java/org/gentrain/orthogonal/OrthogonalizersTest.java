package org.gentrain.orthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrthogonalizersTest {

    @Test
    void eachNameGivesTheMethodOfThatName() {
        assertEquals(List.of("gs", "cayley", "householder", "lowdin"), Orthogonalizers.names());
        for (String name : Orthogonalizers.names()) {
            assertEquals(name, Orthogonalizers.of(name).name());
        }
    }

    @Test
    void unknownNameIsRejectedListingTheKnownOnes() {
        assertEquals(
                "orthogonalizer must be one of gs, cayley, householder, lowdin, was qr",
                assertThrows(IllegalArgumentException.class, () -> Orthogonalizers.of("qr"))
                        .getMessage());
    }

    @Test
    void errorIsTheLargestEntryOfQQTransposedMinusIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // rows with squared norms 1.25 and 0.8, orthogonal to each other: Q Q^T = diag(1.25, 0.8)
            NDArray rows = manager.create(new double[] {1, 0.5, -0.4, 0.8}, new Shape(2, 2));
            assertEquals(0.25, Orthogonality.error(rows), 1e-15);
            // rows (1, 0.5) and (0, 1): Q Q^T = [[1.25, 0.5], [0.5, 1]]
            NDArray skewed = manager.create(new double[] {1, 0.5, 0, 1}, new Shape(2, 2));
            assertEquals(0.5, Orthogonality.error(skewed), 1e-15);
            assertEquals(0.0, Orthogonality.error(manager.eye(3, 3, 0, DataType.FLOAT32)), 0.0);
        }
    }
}
