package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import org.gentrain.train.Checks;

/**
 * CoMHE's adversarial projections: each layer's {@code p} projections are updated to maximise the
 * projected energy (a few normalised ascent steps after every network step) while the network
 * minimises it (Lin et al., CVPR 2020). Defaults: {@code k = 30}, {@code p = 5}, three steps of
 * rate 0.01, the energy of power 2 on half-space neurons.
 */
public final class AdversarialProjection extends LearnedProjection {

    private final HypersphericalEnergy energy;

    /**
     * @param dims k, at least 1
     * @param projections p, at least 1
     * @param steps ascent steps after every network step, at least 1
     * @param rate the normalised step size, above 0
     * @param energy the energy the projections ascend
     */
    public AdversarialProjection(int dims, int projections, int steps, double rate, HypersphericalEnergy energy) {
        super(dims, projections, steps, rate);
        this.energy = Checks.required("energy", energy);
    }

    /** k = 30, p = 5, three steps of 0.01 on half-space energy of power 2. */
    public AdversarialProjection() {
        this(30, 5, 3, 0.01, HypersphericalEnergy.builder().optHalfSpace(true).build());
    }

    @Override
    public String name() {
        return "adv";
    }

    @Override
    NDArray objective(NDArray neurons, NDArray projections, NDArray epsilon) {
        return energy.energy(neurons, projections);
    }

    @Override
    double direction() {
        return 1;
    }
}
