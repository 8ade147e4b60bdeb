package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.gentrain.train.Learner;

/**
 * Soft OPT ({@code soft}, the OR variant of Liu et al., "Orthogonal Over-Parameterized Training",
 * CVPR 2021): {@code W = R W0} with an unconstrained {@code R} (starting at the identity) and the
 * penalty {@code lambda ||R R^T - I||_F^2} ({@link OrthogonalityPenalty}) per layer. The penalty's
 * gradient {@code 4 lambda (R R^T - I) R} is added to {@code R}'s gradient before the run's
 * optimizer step: the same step as adding the penalty to the loss, without recording it in the
 * gradient graph (a model transform cannot add to the loss, so the reported loss excludes the
 * penalty). {@code lambda = 1e-2} by default.
 */
public final class SoftOpt implements OptMethod {

    /** The method's short name. */
    public static final String NAME = OrthogonalityPenalty.NAME;

    /** The default weight of the penalty. */
    public static final float DEFAULT_PENALTY = 1e-2f;

    private final float penalty;

    private SoftOpt(Builder builder) {
        this.penalty = builder.penalty;
    }

    /** A builder, with the default penalty weight. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** The weight {@code lambda} of the orthogonality penalty. */
    public float penalty() {
        return penalty;
    }

    /** {@inheritDoc} */
    @Override
    public OrthogonalLayer overParameterise(Block layer) {
        return OrthogonalLayer.of(layer, OrthogonalLayer.Kind.FREE, null, 2);
    }

    /** Claims every layer's {@code R} for the optimizer step on the penalised gradient. */
    @Override
    public Run bind(Learner learner, List<OrthogonalLayer> layers) {
        for (OrthogonalLayer layer : layers) {
            learner.overrideUpdate(
                    layer.rotation().getId(),
                    (id, r, grad, optimizer) -> optimizer.update(id, r, grad.add(penaltyGradient(r, penalty))));
        }
        return Run.NOTHING;
    }

    /** The gradient of {@code lambda ||R R^T - I||_F^2}: {@code 4 lambda (R R^T - I) R}. */
    static NDArray penaltyGradient(NDArray r, float lambda) {
        NDArray eye = OrthogonalLayer.eye(r.getManager(), (int) r.getShape().get(0), r.getDataType());
        return r.matMul(r.transpose()).sub(eye).matMul(r).mul(4f * lambda);
    }

    @Override
    public String toString() {
        return "opt-" + NAME + "(penalty=" + penalty + ")";
    }

    /** Builds a {@link SoftOpt}; every setting is optional. */
    public static final class Builder {
        private float penalty = DEFAULT_PENALTY;

        private Builder() {}

        /** The weight {@code lambda} of the orthogonality penalty, a finite number {@code >= 0}; 1e-2 by default. */
        public Builder optPenalty(float penalty) {
            this.penalty = penalty;
            return this;
        }

        /** Validates the setting and builds the method. */
        public SoftOpt build() {
            if (!(penalty >= 0f) || Float.isInfinite(penalty)) {
                throw new IllegalArgumentException("penalty must be a finite number >= 0, was " + penalty);
            }
            return new SoftOpt(this);
        }
    }
}
