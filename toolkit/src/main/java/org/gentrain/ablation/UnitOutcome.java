package org.gentrain.ablation;

import java.io.Serializable;
import java.util.List;

/**
 * What one {@link AblationUnit} produced: its epoch records (epoch 0, before training, first) and
 * how it ended. A diverged run is an outcome like any other, not a failure.
 *
 * @param unit the unit
 * @param records the unit's epoch records, in epoch order
 * @param status how the run ended
 */
public record UnitOutcome(AblationUnit unit, List<EpochRecord> records, RunStatus status) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Freezes the records. */
    public UnitOutcome {
        records = List.copyOf(records);
    }
}
