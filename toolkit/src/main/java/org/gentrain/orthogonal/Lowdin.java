package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;

/**
 * Löwdin's symmetric orthogonalisation: the orthogonal polar factor {@code Q = U V^T} of {@code R =
 * U diag(s) V^T}, the orthogonal matrix nearest to {@code R} in the Frobenius norm, as the LS
 * variant of orthogonal over-parameterised training (Liu et al., "Orthogonal Over-Parameterized
 * Training", CVPR 2021).
 *
 * <p>DJL has no SVD, so {@code Q} comes from the Newton-Schulz iteration for the polar factor
 * (Higham, "Functions of Matrices", 2008, section 8.3), unrolled into the gradient graph:
 *
 * <pre>
 * X_0 = R / ||R||_F,   E_k = X_k X_k^T - I,   X_{k+1} = 1.5 X_k - 0.5 X_k X_k^T X_k = X_k - 0.5 E_k X_k
 * </pre>
 *
 * <p>Dividing by the Frobenius norm puts every singular value in {@code (0, 1]}, inside the
 * iteration's region of convergence {@code (0, sqrt 3)}; each singular value then rises
 * monotonically to 1 (by about a factor 1.5 per step while small, quadratically near 1). The scale
 * is taken without gradient, since the polar factor does not depend on it. <b>Convergence
 * check:</b> before each update, {@code error = max |E_k|} (the orthogonality error of {@code X_k},
 * from the product the update needs anyway); the iteration returns {@code X_k} as soon as {@code
 * error <= tolerance}, when the error stops decreasing (rounding has been reached), or after {@code
 * maxIterations} updates. {@link #polar} reports the iterations and the achieved error.
 */
public final class Lowdin implements Orthogonalizer {

    /** Default tolerance on {@code max |Q Q^T - I|} for float64 input. */
    public static final double FLOAT64_TOLERANCE = 1e-12;

    /** Default tolerance on {@code max |Q Q^T - I|} for float32 (and narrower) input. */
    public static final double FLOAT32_TOLERANCE = 2e-6;

    /** Default cap on the number of Newton-Schulz updates. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private final double tolerance;
    private final int maxIterations;

    /** Newton-Schulz with the default tolerance of the input's data type and 100 updates at most. */
    public Lowdin() {
        this(Double.NaN, DEFAULT_MAX_ITERATIONS);
    }

    private Lowdin(double tolerance, int maxIterations) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** A builder for non-default tolerance or iteration cap. */
    public static Builder builder() {
        return new Builder();
    }

    /** The polar factor, its orthogonality error and the number of updates that produced it. */
    public record Polar(NDArray q, double error, int iterations, boolean converged) {}

    @Override
    public String name() {
        return "lowdin";
    }

    @Override
    public NDArray orthogonalize(NDArray r) {
        return polar(r).q();
    }

    /**
     * Runs the Newton-Schulz iteration on {@code r}.
     *
     * @param r a square matrix {@code [d, d]} of full rank, possibly recording gradients
     * @return {@code Q} (differentiable with respect to {@code r}), with {@code max |Q Q^T - I|},
     *     the number of updates and whether the error reached the tolerance
     */
    public Polar polar(NDArray r) {
        int d = Orthogonality.requireSquare(r, "r");
        DataType type = r.getDataType();
        double target = Double.isNaN(tolerance)
                ? (type == DataType.FLOAT64 ? FLOAT64_TOLERANCE : FLOAT32_TOLERANCE)
                : tolerance;
        NDManager manager = r.getManager();
        NDArray eye = manager.eye(d, d, 0, type);
        NDArray half = Constants.scalar(manager, 0.5, type);
        NDArray x = r.div(r.stopGradient().norm());
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; ; k++) {
            NDArray e = x.matMul(x.transpose()).sub(eye);
            double error = e.abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (error <= target) {
                return new Polar(x, error, k, true);
            }
            if (k == maxIterations || !(error < previous)) {
                return new Polar(x, error, k, false);
            }
            previous = error;
            x = x.sub(e.matMul(x).mul(half));
        }
    }

    /** The tolerance, or NaN for the data type's default. */
    public double tolerance() {
        return tolerance;
    }

    /** The cap on the number of updates. */
    public int maxIterations() {
        return maxIterations;
    }

    /** Builds a {@link Lowdin} with {@code opt*} settings checked in {@link #build()}. */
    public static final class Builder {
        private double tolerance = Double.NaN;
        private int maxIterations = DEFAULT_MAX_ITERATIONS;

        private Builder() {}

        /** Stops once {@code max |X X^T - I| <= tolerance}; default by data type. */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Stops after this many updates at most; default 100. */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** The configured iteration. */
        public Lowdin build() {
            if (!Double.isNaN(tolerance)) {
                Checks.inRange("tolerance", tolerance, 0, false, 1, false);
            }
            Checks.atLeast("maxIterations", maxIterations, 1);
            return new Lowdin(tolerance, maxIterations);
        }
    }
}
