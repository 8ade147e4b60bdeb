package org.gentrain.complement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** COT reports the primary loss, or the complement step's value where that is not finite. */
class ReportedLossTest {

    @Test
    void finiteComplementReportsThePrimaryLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray reported = ComplementObjectiveTraining.reported(manager.create(0.75f), manager.create(-2.5f));
            assertEquals(0.75f, reported.getFloat());
            assertEquals(manager.getDevice(), reported.getDevice());
        }
    }

    @Test
    void nonFiniteComplementIsReportedSoThatTheLearnerStops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTrue(
                    Float.isNaN(ComplementObjectiveTraining.reported(manager.create(0.75f), manager.create(Float.NaN))
                            .getFloat()));
            assertEquals(
                    Float.NEGATIVE_INFINITY,
                    ComplementObjectiveTraining.reported(manager.create(0.75f), manager.create(Float.NEGATIVE_INFINITY))
                            .getFloat());
            assertEquals(
                    Float.POSITIVE_INFINITY,
                    ComplementObjectiveTraining.reported(manager.create(0.75f), manager.create(Float.POSITIVE_INFINITY))
                            .getFloat());
        }
    }
}
