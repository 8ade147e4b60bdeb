package org.gentrain.orthogonal;

import ai.djl.nn.Block;

/**
 * OPT with {@code Q = Q(R)}: each layer learns an unconstrained {@code R} ({@code [d, d]}, {@code
 * N(0, 1)}), trained by the run's optimizer like any weight (weight decay included), and computes
 * its orthogonal matrix through an {@link Orthogonalizer} on every forward pass: Gram-Schmidt
 * ({@code gs}), Cayley ({@code cayley}), Householder ({@code householder}) or Löwdin ({@code
 * lowdin}) in Liu et al., "Orthogonal Over-Parameterized Training", CVPR 2021. Nothing happens
 * during a run beyond the forward pass, so the method has no per-run part.
 */
public final class MappedOpt implements OptMethod {

    private final Orthogonalizer orthogonalizer;

    private MappedOpt(Orthogonalizer orthogonalizer) {
        this.orthogonalizer = orthogonalizer;
    }

    /**
     * The method that maps {@code R} to {@code Q} with {@code orthogonalizer}, named after it.
     *
     * @throws IllegalArgumentException if it is null
     */
    public static MappedOpt of(Orthogonalizer orthogonalizer) {
        if (orthogonalizer == null) {
            throw new IllegalArgumentException("orthogonalizer must be set, was null");
        }
        return new MappedOpt(orthogonalizer);
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return orthogonalizer.name();
    }

    /** The map {@code R -> Q}. */
    public Orthogonalizer orthogonalizer() {
        return orthogonalizer;
    }

    /** {@inheritDoc} */
    @Override
    public OrthogonalLayer overParameterise(Block layer) {
        return OrthogonalLayer.of(layer, OrthogonalLayer.Kind.MAPPED, orthogonalizer, 2);
    }

    @Override
    public String toString() {
        return "opt-" + name();
    }
}
