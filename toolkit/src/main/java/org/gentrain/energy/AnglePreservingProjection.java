package org.gentrain.energy;

import ai.djl.ndarray.NDArray;

/**
 * CoMHE's angle-preserving projections (AP): each layer's {@code p} projections {@code P [k, d]}
 * are learned to keep the pairwise angles of the original neurons, minimising {@code mean((cos(P
 * w_i, P w_j) - cos(w_i, w_j))^2)}, in alternation with the network's steps (Lin et al., CVPR
 * 2020). Defaults: {@code k = 30}, {@code p = 5}, one normalised step of rate 0.01 per network
 * step.
 */
public final class AnglePreservingProjection extends LearnedProjection {

    /**
     * @param dims k, at least 1
     * @param projections p, at least 1
     * @param steps update steps after every network step, at least 1
     * @param rate the normalised step size, above 0
     */
    public AnglePreservingProjection(int dims, int projections, int steps, double rate) {
        super(dims, projections, steps, rate);
    }

    /** k = 30, p = 5, one step of 0.01. */
    public AnglePreservingProjection() {
        this(30, 5, 1, 0.01);
    }

    @Override
    public String name() {
        return "ap";
    }

    @Override
    NDArray objective(NDArray neurons, NDArray projections, NDArray epsilon) {
        NDArray target = HypersphericalEnergy.cosines(neurons, epsilon);
        NDArray projected = HypersphericalEnergy.cosines(HypersphericalEnergy.project(neurons, projections), epsilon);
        return projected.sub(target).square().mean();
    }

    @Override
    double direction() {
        return -1;
    }
}
