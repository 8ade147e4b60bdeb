package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * Minimum hyperspherical energy (MHE; Liu, Lin, Liu, Yu, Liu, Song, "Learning towards Minimum
 * Hyperspherical Energy", NeurIPS 2018) of one layer's neurons.
 *
 * <p>The neurons {@code w_i} are the rows of {@code [n, d]} (a convolution's filters flattened to
 * {@code d = c_in * k_h * k_w}). They are normalised with {@code |w_i| = sqrt(sum w_i^2 + 1e-4)}
 * (as in the authors' code, so a neuron of zero norm is harmless), and their cosines come from one
 * Gram matrix of the normalised neurons. The energy is the mean over pairs {@code i < j} of the
 * power's pair energy (see {@link EnergyPower}); half-space MHE adds {@code -w_i} for every neuron
 * (2n points), so that collinear neurons are pushed apart too. Everything is differentiable; no
 * per-pair loop is involved.
 *
 * <pre>{@code
 * HypersphericalEnergy mhe = HypersphericalEnergy.builder().optPower(EnergyPower.EUCLIDEAN_2).optHalfSpace(true).build();
 * NDArray energy = mhe.energy(convWeight); // [32, 1, 3, 3] is read as 32 neurons of 9
 * }</pre>
 */
public final class HypersphericalEnergy {

    /** The {@code 1e-4} added to every squared norm, as in the authors' code. */
    public static final double NORM_EPSILON = 1e-4;

    private final EnergyPower power;
    private final boolean halfSpace;

    private HypersphericalEnergy(Builder builder) {
        this.power = builder.power;
        this.halfSpace = builder.halfSpace;
    }

    /** A builder; the defaults are power 2 (Euclidean) and no half-space. */
    public static Builder builder() {
        return new Builder();
    }

    /** The power. */
    public EnergyPower power() {
        return power;
    }

    /** Whether the energy is half-space MHE (neurons and their negatives). */
    public boolean halfSpace() {
        return halfSpace;
    }

    /**
     * The energy of the neurons, a differentiable scalar of their data type.
     *
     * @param neurons {@code [n, d]}, or {@code [n, ...]} read as {@code n} flattened neurons
     */
    public NDArray energy(NDArray neurons) {
        NDArray rows = rows(neurons);
        return scalarEnergy(cosines(rows), (int) rows.getShape().get(0), 1);
    }

    /**
     * The compressive energy (CoMHE): the mean over projections {@code P} of the energy of {@code
     * P w_i}.
     *
     * @param neurons {@code [n, d]} or {@code [n, ...]}
     * @param projections {@code [p, k, d]}: {@code p} projections to {@code k} dimensions
     */
    public NDArray energy(NDArray neurons, NDArray projections) {
        NDArray rows = rows(neurons);
        return scalarEnergy(
                cosines(project(rows, projections)), (int) rows.getShape().get(0), (int)
                        projections.getShape().get(0));
    }

    private NDArray scalarEnergy(NDArray cosines, int n, int copies) {
        CosineEnergy energy = new CosineEnergy(
                power,
                List.of(new CosineEnergy.Term(n, copies, halfSpace, 1)),
                cosines.getManager(),
                cosines.getDataType(),
                false);
        return energy.energy(List.of(cosines));
    }

    /** The neurons as rows {@code [n, d]}: a convolution's {@code [n, c, kh, kw]} is flattened. */
    public static NDArray rows(NDArray neurons) {
        if (neurons.getShape().dimension() < 2) {
            throw new IllegalArgumentException("neurons must have at least 2 axes [n, d], was " + neurons.getShape());
        }
        return neurons.getShape().dimension() == 2
                ? neurons
                : neurons.reshape(neurons.getShape().get(0), -1);
    }

    /**
     * The neurons projected by each of the projections: {@code [n, d]} and {@code [p, k, d]} give
     * {@code [p, n, k]}, with one matrix product for all projections.
     */
    public static NDArray project(NDArray neurons, NDArray projections) {
        long d = neurons.getShape().get(1);
        if (projections.getShape().dimension() != 3 || projections.getShape().get(2) != d) {
            throw new IllegalArgumentException("projections must be [p, k, " + d + "] for neurons " + neurons.getShape()
                    + ", was " + projections.getShape());
        }
        long p = projections.getShape().get(0);
        long k = projections.getShape().get(1);
        long n = neurons.getShape().get(0);
        return neurons.matMul(projections.reshape(p * k, d).transpose())
                .reshape(n, p, k)
                .transpose(1, 0, 2);
    }

    /**
     * The cosines of the neurons: {@code [n, d]} gives {@code [n, n]}, {@code [p, n, d]} gives
     * {@code [p, n, n]}, from the Gram matrix of the neurons normalised with {@code sqrt(|w|^2 +
     * 1e-4)}.
     */
    public static NDArray cosines(NDArray neurons) {
        return cosines(neurons, Constants.like(neurons, NORM_EPSILON));
    }

    /** {@link #cosines(NDArray)} with the epsilon as an owned scalar array of the neurons' type. */
    static NDArray cosines(NDArray neurons, NDArray epsilon) {
        int last = neurons.getShape().dimension() - 1;
        NDArray norms =
                neurons.square().sum(new int[] {last}, true).add(epsilon).sqrt();
        NDArray unit = neurons.div(norms);
        return last == 1 ? unit.matMul(unit.transpose()) : unit.batchMatMul(unit.transpose(0, 2, 1));
    }

    /** Builds a {@link HypersphericalEnergy}. */
    public static final class Builder {
        private EnergyPower power = EnergyPower.EUCLIDEAN_2;
        private boolean halfSpace;

        private Builder() {}

        /** The power; 2 (Euclidean) by default. */
        public Builder optPower(EnergyPower power) {
            this.power = power;
            return this;
        }

        /** The power as written in the authors' code: 0, 1, 2, a0, a1, a2. */
        public Builder optPower(String power) {
            this.power = EnergyPower.parse(power);
            return this;
        }

        /** Whether to use half-space MHE (neurons and their negatives); false by default. */
        public Builder optHalfSpace(boolean halfSpace) {
            this.halfSpace = halfSpace;
            return this;
        }

        /** Builds the energy. */
        public HypersphericalEnergy build() {
            Checks.required("power", power);
            return new HypersphericalEnergy(this);
        }
    }
}
