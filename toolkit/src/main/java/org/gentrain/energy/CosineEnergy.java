package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.gentrain.train.Constants;

/**
 * The weighted sum of the energies of several cosine matrices, computed with one chain of
 * element-wise operations over all of them at once (so that a model's layers cost a handful of
 * kernel launches, not a handful per layer).
 *
 * <p>Each term is a {@code [copies, n, n]} (or {@code [n, n]}) matrix of cosines of {@code n}
 * normalised neurons, with {@code copies} projections of them averaged. Its energy is the mean over
 * pairs {@code i < j} of the power's pair energy; with half-space the {@code 2n} points {@code w_i,
 * -w_i} are used: the cosines within each half are {@code C_ij}, across halves {@code -C_ij}, so
 * that {@code E = (sum_{i != j} f(C_ij) + sum_{i, j} f(-C_ij)) / (n (2n - 1))} needs no bigger Gram
 * matrix. Diagonal entries are masked to a cosine of 0 before {@code f}, so they can neither
 * overflow nor reach the gradient.
 *
 * <p>The constants (mask, pair weights, scalars) are owned arrays made once per data type; keep
 * them alive as long as the energy is used in a gradient graph (see the DJL scalar pitfall).
 */
final class CosineEnergy implements AutoCloseable {

    /** One cosine matrix: its neuron count, number of projections, half-space flag and weight. */
    record Term(int neurons, int copies, boolean halfSpace, double weight) {}

    private final EnergyPower power;
    private final List<Term> terms;
    private final NDManager manager;
    private final boolean owned;
    private final DataType dataType;
    private final NDArray mask;
    private final NDArray weights;
    private final NDArray one;
    private final NDArray two;
    private final NDArray high;
    private final NDArray low;
    private final NDArray inversePi;
    private final NDArray angleEpsilon;

    /**
     * Makes the constants for {@code terms} in a sub-manager of {@code parent}; close this to free
     * them.
     */
    CosineEnergy(EnergyPower power, List<Term> terms, NDManager parent, DataType dataType) {
        this(power, terms, parent.newSubManager(), dataType, true);
    }

    /**
     * Makes the constants in {@code manager} itself ({@code owned} false: they are temporaries of
     * the caller's scope, and {@link #close} leaves them alone).
     */
    CosineEnergy(EnergyPower power, List<Term> terms, NDManager manager, DataType dataType, boolean owned) {
        this.power = power;
        this.terms = List.copyOf(terms);
        this.manager = manager;
        this.owned = owned;
        this.dataType = dataType;
        int length = 0;
        for (Term term : terms) {
            length += term.copies * term.neurons * term.neurons * (term.halfSpace ? 2 : 1);
        }
        double[] maskData = new double[length];
        double[] weightData = new double[length];
        double sign = power.isLogarithmic() ? -1 : 1;
        int at = 0;
        for (Term term : terms) {
            int n = term.neurons;
            double pairs = term.halfSpace ? (double) n * (2 * n - 1) : n * (n - 1) / 2.0;
            double perPair = pairs == 0 ? 0 : sign * term.weight / (pairs * term.copies);
            double within = term.halfSpace ? perPair : perPair / 2; // each pair i<j appears twice
            for (int c = 0; c < term.copies; c++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++, at++) {
                        maskData[at] = i == j ? 0 : 1;
                        weightData[at] = i == j ? 0 : within;
                    }
                }
            }
        }
        for (Term term : terms) {
            if (!term.halfSpace) {
                continue;
            }
            int n = term.neurons;
            double perPair = sign * term.weight / ((double) n * (2 * n - 1) * term.copies);
            for (int e = 0; e < term.copies * n * n; e++, at++) {
                maskData[at] = -1;
                weightData[at] = perPair;
            }
        }
        boolean wide = dataType == DataType.FLOAT64;
        this.mask = constant(maskData);
        this.weights = constant(weightData);
        this.one = scalar(1);
        this.two = scalar(2);
        this.high = scalar(wide ? 1 - 1e-12 : 1 - 1e-6);
        this.low = scalar(wide ? -1 + 1e-12 : -1 + 1e-6);
        this.inversePi = scalar(1 / Math.PI);
        this.angleEpsilon = scalar(1e-4);
    }

    /** The data type the constants are made for. */
    DataType dataType() {
        return dataType;
    }

    /** The terms, in order. */
    List<Term> terms() {
        return terms;
    }

    /**
     * The weighted sum of the terms' energies, a differentiable scalar.
     *
     * @param cosines one cosine matrix per term, in order, shaped {@code [copies, n, n]} or {@code
     *     [n, n]}
     */
    NDArray energy(List<NDArray> cosines) {
        if (cosines.size() != terms.size()) {
            throw new IllegalArgumentException("expected " + terms.size() + " cosine matrices, got " + cosines.size());
        }
        NDList parts = new NDList();
        for (NDArray c : cosines) {
            parts.add(c.reshape(-1));
        }
        for (int t = 0; t < terms.size(); t++) {
            if (terms.get(t).halfSpace) {
                parts.add(parts.get(t));
            }
        }
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        NDArray u = all.mul(mask);
        NDArray pairEnergy;
        if (power.isAngular()) {
            NDArray t = u.minimum(high).maximum(low).acos().mul(inversePi).add(angleEpsilon);
            switch (power) {
                case ANGULAR_0:
                    pairEnergy = t.log();
                    break;
                case ANGULAR_1:
                    pairEnergy = one.div(t);
                    break;
                default:
                    pairEnergy = one.div(t.square());
            }
        } else {
            NDArray d2 = two.sub(u.minimum(high).mul(two));
            switch (power) {
                case EUCLIDEAN_0:
                    pairEnergy = d2.log();
                    break;
                case EUCLIDEAN_1:
                    pairEnergy = one.div(d2.sqrt());
                    break;
                default:
                    pairEnergy = one.div(d2);
            }
        }
        return pairEnergy.mul(weights).sum();
    }

    private NDArray constant(double[] data) {
        NDArray array = manager.create(data);
        return dataType == DataType.FLOAT64 ? array : array.toType(dataType, false);
    }

    private NDArray scalar(double value) {
        return Constants.scalar(manager, value, dataType);
    }

    @Override
    public void close() {
        if (owned) {
            manager.close();
        }
    }
}
