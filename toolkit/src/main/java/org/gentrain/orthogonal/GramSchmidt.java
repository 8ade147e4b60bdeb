package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import org.gentrain.train.Checks;

/**
 * Gram-Schmidt on the rows of {@code R}, unrolled into the gradient graph: row {@code i} of {@code
 * Q} is row {@code i} of {@code R} minus its projection onto the rows {@code q_1 .. q_{i-1}} already
 * made, normalised to unit length,
 *
 * <pre>
 * v_i = r_i - (r_i Q_{&lt;i}^T) Q_{&lt;i},   q_i = v_i / ||v_i||
 * </pre>
 *
 * <p>as the GS variant of orthogonal over-parameterised training (Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021). Equivalently {@code R = L Q} with {@code L} lower
 * triangular with a positive diagonal.
 *
 * <p><b>Blocks.</b> A step per row costs about ten tensor operations forward and as many backward,
 * and in DJL each costs some microseconds whatever its size, so {@code d = 288} rows cost far more
 * than their arithmetic. The rows are therefore taken {@code blockSize} at a time (block
 * Gram-Schmidt, same {@code Q}): each block is projected off the rows before it with two matrix
 * products, and its own rows are orthonormalised in order at once, {@code Q_b = L_b^-1 B} with
 * {@code L_b L_b^T = B B^T} (Cholesky QR), where row {@code k} of {@code L_b^-1} is read off the
 * inverse of the leading {@code (k+1) x (k+1)} block of {@code B B^T} (one batched inverse of
 * {@code b} small matrices). {@code blockSize = 1} is the plain row-by-row loop.
 *
 * <p><b>Accuracy.</b> The projection is applied twice ("twice is enough", Giraud, Langou and
 * Rozložník, 2005; for blocks BCGS2, Barlow and Smoktunowicz, 2013, with the block's rows
 * re-conditioned between the two projections): one classical pass loses orthogonality roughly as
 * {@code eps * cond(R)^2}, about {@code 1e-3} in float32 for a random {@code 288 x 288} {@code R},
 * two keep {@code max |Q Q^T - I|} near {@code 5e-7} in float32 for {@code d} up to 576. Cholesky QR
 * squares the condition number, so {@code L_b^-1} is first computed without gradient in float64 and
 * applied to the block; since {@code GS(T B) = GS(B)} for any lower triangular {@code T} with a
 * positive diagonal, one differentiable pass on the well-conditioned {@code T B} then gives both
 * the accurate {@code Q_b} and the exact gradient of {@code GS(B)}.
 */
public final class GramSchmidt implements Orthogonalizer {

    /** Default number of rows orthonormalised at once. */
    public static final int DEFAULT_BLOCK_SIZE = 16;

    private static final int PASSES = 2;

    private final int blockSize;

    /** Block Gram-Schmidt with blocks of {@value #DEFAULT_BLOCK_SIZE} rows. */
    public GramSchmidt() {
        this(DEFAULT_BLOCK_SIZE);
    }

    private GramSchmidt(int blockSize) {
        this.blockSize = blockSize;
    }

    /** A builder for a non-default block size. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "gs";
    }

    /** The number of rows orthonormalised at once; 1 is the row-by-row loop. */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public NDArray orthogonalize(NDArray r) {
        int d = Orthogonality.requireSquare(r, "r");
        int blocks = (d + blockSize - 1) / blockSize;
        long[] cuts = new long[blocks - 1];
        for (int j = 1; j < blocks; j++) {
            cuts[j - 1] = (long) j * blockSize;
        }
        NDList rows = cuts.length == 0 ? new NDList(r) : r.split(cuts, 0);
        Map<Long, BlockConstants> constants = new HashMap<>();
        NDArray basis = null;
        for (NDArray block : rows) {
            BlockConstants c = constants.computeIfAbsent(block.getShape().get(0), m -> new BlockConstants(r, m));
            NDArray q;
            if (basis == null) {
                q = orthonormalRows(block, c, true);
            } else {
                NDArray basisT = basis.transpose();
                block = block.sub(block.matMul(basisT).matMul(basis));
                block = orthonormalRows(block, c, false);
                block = block.sub(block.matMul(basisT).matMul(basis));
                // nearly orthonormal now: one differentiable Cholesky QR pass is accurate
                q = c.size == 1
                        ? block.div(block.norm())
                        : choleskyInverse(block, c.lead, c.pad, c.select, c.eye).matMul(block);
            }
            basis = basis == null ? q : basis.concat(q, 0);
        }
        return basis;
    }

    /**
     * Gram-Schmidt within one block {@code B [m, d]}, {@code Q_b = L^-1 B} with {@code L L^T = B
     * B^T}. {@code T = L^-1} is first computed without gradient in float64; as {@code GS(T B) =
     * GS(B)} for any lower triangular {@code T} with a positive diagonal, the rows of {@code T B}
     * already have the right spans and one differentiable float32 pass on them (nearly orthonormal,
     * so Cholesky QR loses nothing) gives {@code Q_b} with the gradient of {@code GS(B)} exactly.
     * Between the two projections ({@code exact = false}) only {@code T B} is needed: it spans the
     * same nested subspaces and is well conditioned for the second projection.
     */
    private static NDArray orthonormalRows(NDArray block, BlockConstants c, boolean exact) {
        if (c.size == 1) {
            return block.div(block.norm());
        }
        NDArray b64 = block.stopGradient().toType(DataType.FLOAT64, false);
        NDArray t = choleskyInverse(b64, c.lead64, c.pad64, c.select64, c.eye64);
        NDArray y = t.toType(block.getDataType(), false).matMul(block);
        return exact ? choleskyInverse(y, c.lead, c.pad, c.select, c.eye).matMul(y) : y;
    }

    /**
     * {@code L^-1} for {@code L L^T = B B^T}: row {@code k} is {@code c_k / sqrt(c_kk)}, {@code c_k}
     * the last column of the inverse of the leading {@code (k+1) x (k+1)} block of {@code B B^T}
     * (all {@code m} inverses in one batch, padded with the identity).
     */
    private static NDArray choleskyInverse(NDArray b, NDArray lead, NDArray pad, NDArray select, NDArray eye) {
        NDArray gram = b.matMul(b.transpose());
        NDArray inverses = gram.mul(lead).add(pad).inverse();
        NDArray columns = inverses.mul(select).sum(new int[] {2}); // [k, i] = inverse_k[i, k]
        NDArray diagonal = columns.mul(eye).sum(new int[] {1}, true);
        return columns.div(diagonal.sqrt());
    }

    /** The constant masks for the {@code m} leading blocks of an {@code m x m} matrix, made once per call. */
    private static final class BlockConstants {
        final long size;
        NDArray lead; // [k, i, j] = 1 where i, j <= k
        NDArray pad; // [k, i, i] = 1 where i > k: identity outside the leading block
        NDArray select; // [k, i, k] = 1: picks column k
        NDArray eye;
        NDArray lead64;
        NDArray pad64;
        NDArray select64;
        NDArray eye64;

        BlockConstants(NDArray like, long size) {
            this.size = size;
            if (size == 1) {
                return;
            }
            int m = Math.toIntExact(size);
            float[] leadData = new float[m * m * m];
            float[] padData = new float[m * m * m];
            float[] selectData = new float[m * m * m];
            for (int k = 0; k < m; k++) {
                for (int i = 0; i < m; i++) {
                    selectData[(k * m + i) * m + k] = 1;
                    if (i > k) {
                        padData[(k * m + i) * m + i] = 1;
                    }
                    for (int j = 0; j <= k && i <= k; j++) {
                        leadData[(k * m + i) * m + j] = 1;
                    }
                }
            }
            NDManager manager = like.getManager();
            DataType type = like.getDataType();
            Shape cube = new Shape(m, m, m);
            lead64 = manager.create(leadData, cube).toType(DataType.FLOAT64, false);
            pad64 = manager.create(padData, cube).toType(DataType.FLOAT64, false);
            select64 = manager.create(selectData, cube).toType(DataType.FLOAT64, false);
            eye64 = manager.eye(m, m, 0, DataType.FLOAT64);
            lead = lead64.toType(type, false);
            pad = pad64.toType(type, false);
            select = select64.toType(type, false);
            eye = eye64.toType(type, false);
        }
    }

    /** Builds a {@link GramSchmidt} with {@code opt*} settings checked in {@link #build()}. */
    public static final class Builder {
        private int blockSize = DEFAULT_BLOCK_SIZE;

        private Builder() {}

        /** Rows orthonormalised at once, {@code >= 1}; default {@value #DEFAULT_BLOCK_SIZE}. */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** The configured method. */
        public GramSchmidt build() {
            Checks.atLeast("blockSize", blockSize, 1);
            return new GramSchmidt(blockSize);
        }
    }
}
