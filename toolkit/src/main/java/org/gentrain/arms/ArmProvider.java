package org.gentrain.arms;

import java.util.List;
import java.util.function.Supplier;
import org.gentrain.train.TrainingHook;

/**
 * What a technique package gives the {@link ArmRegistry}: its arm parts and, optionally, probes
 * that record something about every run (such as each layer's hyperspherical energy per epoch).
 * A technique registers itself with one line naming its provider in
 * {@code META-INF/services/org.gentrain.arms.ArmProvider}; the registry finds it with {@link
 * java.util.ServiceLoader}, so the shared layers never import a technique.
 */
public interface ArmProvider {

    /** The parts this technique contributes, in the order {@code gentrain arms} lists them. */
    List<ArmPart> parts();

    /**
     * Hooks attached to every run of an ablation by default, made fresh per run; a hook that also
     * implements {@link org.gentrain.train.EpochMetrics} adds columns to the ablation's tables.
     */
    default List<Supplier<? extends TrainingHook>> probes() {
        return List.of();
    }
}
