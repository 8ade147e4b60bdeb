package org.gentrain.orthogonal;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;

/**
 * One way of learning the orthogonal matrix {@code Q} of orthogonal over-parameterised training
 * (Liu et al., "Orthogonal Over-Parameterized Training", CVPR 2021): which kind of {@link
 * OrthogonalLayer} stands for a convolution or linear layer, and what the method does during a run
 * beyond the run's optimizer (an update rule of its own, a block drawn each step). {@link
 * OptTransform} rewrites the model and delegates to its method.
 *
 * <p>A method is a value: the state of a run (a random source, a current block) lives in the
 * {@link Run} that {@link #bind} makes for that run's learner, or in the run's layers; one method
 * may serve any number of learners, one after the other or at once.
 *
 * <p>The methods: {@link MappedOpt} ({@code gs}, {@code cayley}, {@code householder}, {@code
 * lowdin}: {@code Q = Q(R)}), {@link OrthogonalDescentOpt} ({@code ogd}), {@link SoftOpt} ({@code
 * soft}) and {@link StochasticOpt} ({@code stochastic}); {@link OptMethods#named} makes them by
 * name.
 */
public interface OptMethod {

    /** The method's short name, as in the arm {@code opt-cayley}. */
    String name();

    /**
     * The OPT layer that stands for {@code layer}, a {@link Conv2d} with one group or a {@link
     * Linear} layer, not yet initialised; the layer's bias moves to it.
     */
    OrthogonalLayer overParameterise(Block layer);

    /**
     * Starts the method for one run, once its model (with the layers this method made, in the
     * model's order) is initialised: claims the parameters it updates by a rule of its own ({@link
     * Learner#overrideUpdate}) and returns what it does for the rest of that run.
     */
    default Run bind(Learner learner, List<OrthogonalLayer> layers) {
        return Run.NOTHING;
    }

    /**
     * What a method does during one run, bound to that run's layers. It is held for as long as the
     * learner is reachable, so it must not keep a reference to the learner: the callbacks are given
     * it.
     */
    interface Run {

        /** A run in which the method does nothing beyond its layers' forward pass. */
        Run NOTHING = new Run() {};

        /** Before every epoch's first step of the run's learner (epochs count from 1). */
        default void onEpochStart(Learner learner, int epoch) {}

        /** After every training step, while the step's arrays are still open. */
        default void onStepEnd(StepContext step) {}
    }
}
