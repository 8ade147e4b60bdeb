package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Unrolled Gram-Schmidt on the rows of {@code R}: row {@code i} of {@code Q} is row {@code i} of
 * {@code R} minus its projection onto the rows {@code q_1 .. q_{i-1}} already made, normalised to
 * unit length,
 *
 * <pre>
 * v_i = r_i - (r_i Q_{&lt;i}^T) Q_{&lt;i},   q_i = v_i / ||v_i||
 * </pre>
 *
 * <p>as the GS variant of orthogonal over-parameterised training (Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021). Each row costs one matrix-vector product against the
 * rows so far and one back; the projection is applied twice ("twice is enough", Giraud et al.,
 * 2005), because a single classical pass loses orthogonality in float32 roughly as {@code eps *
 * cond(R)^2}, while two passes keep {@code max |Q Q^T - I|} near the machine precision. The loop
 * over rows is the method itself: it is unrolled into the gradient graph, {@code d} steps for
 * {@code R [d, d]}.
 */
public final class GramSchmidt implements Orthogonalizer {

    private final int passes;

    /** Gram-Schmidt with two projection passes per row. */
    public GramSchmidt() {
        this(2);
    }

    /**
     * Gram-Schmidt with the given number of projection passes per row: 1 is classical
     * Gram-Schmidt, 2 (the default) re-orthogonalises once.
     *
     * @param passes the number of passes, 1 or 2
     */
    public GramSchmidt(int passes) {
        if (passes < 1 || passes > 2) {
            throw new IllegalArgumentException("passes must be in [1, 2], was " + passes);
        }
        this.passes = passes;
    }

    @Override
    public String name() {
        return "gs";
    }

    /** The number of projection passes per row. */
    public int passes() {
        return passes;
    }

    @Override
    public NDArray orthogonalize(NDArray r) {
        int d = Orthogonality.requireSquare(r, "r");
        NDList rows = r.split(d, 0);
        NDArray basis = unit(rows.get(0));
        for (int i = 1; i < d; i++) {
            NDArray v = rows.get(i);
            NDArray basisT = basis.transpose();
            for (int pass = 0; pass < passes; pass++) {
                v = v.sub(v.matMul(basisT).matMul(basis));
            }
            basis = basis.concat(unit(v), 0);
        }
        return basis;
    }

    private static NDArray unit(NDArray row) {
        return row.div(row.norm());
    }
}
