package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.gentrain.train.Checks;
import org.gentrain.train.Learner;
import org.gentrain.train.StepContext;
import org.gentrain.train.TrainingHook;

/**
 * How compressive MHE (CoMHE; Lin, Liu, Li, Liu, Song, Yu, "Regularizing Neural Networks via
 * Minimizing Hyperspherical Energy", CVPR 2020) projects a layer's neurons to {@code k} dimensions
 * before their energy: {@code w_i -> P w_i}, averaged over {@code p} projections.
 *
 * <p>As in the authors' code, the first layer (few input channels) and any layer whose fan-in is
 * at most {@code k} are not projected: they use plain MHE. A projection is a training hook: the
 * {@link EnergyRegularizer} that owns it passes its hook calls on, so learned projections update
 * between the network's steps and appear in checkpoints.
 */
public abstract class NeuronProjection implements TrainingHook {

    private final int dims;
    private int[] copies = new int[0];
    private long[] fanIns = new long[0];
    private List<EnergyLayer> layers = List.of();

    /** A projection to {@code dims} dimensions, {@code dims >= 1}. */
    protected NeuronProjection(int dims) {
        Checks.atLeast("dims (k)", dims, 1);
        this.dims = dims;
    }

    /** The short name used in regulariser names, such as {@code rp} in {@code comhe-rp}. */
    public abstract String name();

    /** The projected dimension {@code k}. */
    public int dims() {
        return dims;
    }

    /** How many projections a projected layer of {@code neurons} neurons uses. */
    protected abstract int copiesFor(int neurons);

    /**
     * Decides which layers are projected and how often, given their shapes {@code [n, d]}; called
     * once by the regulariser at training start.
     *
     * @return the number of projections per layer, 0 where a layer is not projected
     */
    public int[] prepare(Learner learner, List<EnergyLayer> layers, List<Shape> shapes) {
        this.layers = List.copyOf(layers);
        copies = new int[layers.size()];
        fanIns = new long[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            long n = shapes.get(i).get(0);
            fanIns[i] = shapes.get(i).get(1);
            copies[i] = i > 0 && fanIns[i] > dims ? copiesFor((int) n) : 0;
        }
        initialize(learner);
        return copies.clone();
    }

    /** Makes any state after {@link #prepare}; nothing by default. */
    protected void initialize(Learner learner) {}

    /**
     * The projections of one layer for this step, {@code [p, k, d]}, without gradient; {@code null}
     * for a layer that is not projected.
     */
    public abstract NDArray projections(int layer, StepContext step);

    /** The number of projections of each layer (0: not projected), after {@link #prepare}. */
    protected int copies(int layer) {
        return copies[layer];
    }

    /** The shape {@code [p, k, d]} of a projected layer's projections. */
    protected Shape projectionShape(int layer) {
        return new Shape(copies[layer], dims, fanIns[layer]);
    }

    /** The layers, after {@link #prepare}. */
    protected List<EnergyLayer> layers() {
        return layers;
    }

    /** Whether a layer is projected, after {@link #prepare}. */
    protected boolean isProjected(int layer) {
        return copies[layer] > 0;
    }

    /** The step {@code P -> P + sign * rate * g / rms(g)}, in place and outside any gradient graph. */
    static void normalizedStep(NDArray projection, NDArray gradient, double signedRate) {
        NDArray rms = gradient.square().mean().sqrt().add(1e-12);
        projection.addi(gradient.div(rms).mul(signedRate));
    }
}
