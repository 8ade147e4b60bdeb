package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.List;
import org.gentrain.train.Learner;

/**
 * OPT by orthogonality-preserving gradient descent ({@code ogd}; Liu et al., "Orthogonal
 * Over-Parameterized Training", CVPR 2021): {@code Q} itself is the layer's parameter, starting at
 * the identity, and every update keeps it on the orthogonal group. From the Euclidean gradient
 * {@code G} it forms the skew-symmetric
 *
 * <pre>
 * A = G Q^T - Q G^T
 * </pre>
 *
 * <p>(whose action {@code -A Q = -G + Q G^T Q} is the projection of {@code -G} onto the tangent
 * space of the orthogonal group, up to the metric), accumulates it with the run's momentum {@code
 * mu}, {@code V = mu V + A}, and retracts with the Cayley transform
 *
 * <pre>
 * Q &lt;- (I + lr/2 V)^-1 (I - lr/2 V) Q
 * </pre>
 *
 * <p>which is exactly orthogonal; one Newton-Schulz step {@code Q <- Q (3 I - Q^T Q) / 2} then
 * removes float rounding. {@code lr} is the learning rate in force of the optimizer applying the
 * step. No weight decay: it cannot change an orthogonal matrix's norm. The velocity {@code V}
 * (zero at the start) is a gradient-free parameter of each layer ({@link OrthogonalLayer#velocity}),
 * so it belongs to the run's model and is saved in its checkpoints.
 */
public final class OrthogonalDescentOpt implements OptMethod {

    /** The method's short name. */
    public static final String NAME = "ogd";

    /** {@inheritDoc} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public OrthogonalLayer overParameterise(Block layer) {
        return OrthogonalLayer.of(layer, OrthogonalLayer.Kind.FREE, null, 2).addVelocity();
    }

    /** Claims every layer's {@code Q} for the orthogonality-preserving update. */
    @Override
    public Run bind(Learner learner, List<OrthogonalLayer> layers) {
        float momentum = learner.optimizerSettings().momentum();
        for (OrthogonalLayer layer : layers) {
            NDArray velocity = layer.velocity().getArray();
            learner.overrideUpdate(
                    layer.rotation().getId(),
                    (id, q, grad, optimizer) ->
                            step(q, grad, velocity, momentum, ActiveLearningRate.of(learner, optimizer)));
        }
        return Run.NOTHING;
    }

    /** One update of {@code q} in place, with {@code velocity} updated in place. */
    static void step(NDArray q, NDArray grad, NDArray velocity, float momentum, float learningRate) {
        NDArray a = grad.matMul(q.transpose());
        a = a.sub(a.transpose());
        velocity.muli(momentum).addi(a);
        NDArray half = velocity.mul(learningRate / 2f);
        NDArray eye = OrthogonalLayer.eye(q.getManager(), (int) q.getShape().get(0), q.getDataType());
        NDArray retracted = eye.add(half).inverse().matMul(eye.sub(half).matMul(q));
        Orthogonality.assign(q, Orthogonality.newtonSchulz(retracted));
    }

    @Override
    public String toString() {
        return "opt-" + NAME;
    }
}
