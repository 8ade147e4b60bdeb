package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1), with
 * weight decay as an L2 term added to the gradient as {@code torch.optim.Adam}'s {@code
 * weight_decay} does (not AdamW's decoupled decay). For each parameter, at its {@code t}-th update:
 *
 * <pre>
 * g = grad + weightDecay * w
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * w = w - learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * with {@code m = v = 0} before the first update. The bias corrections are computed as torch does
 * (step size {@code learningRate / (1 - beta1^t)}, denominator {@code sqrt(v) / sqrt(1 - beta2^t) +
 * epsilon}), which is the same formula. The GCE authors train with Adam.
 *
 * <p>State slots: {@value #FIRST_MOMENT} and {@value #SECOND_MOMENT} (arrays shaped like the
 * parameter) and {@value #STEP} (a scalar: the parameter's update count {@code t}), so that a
 * resumed run continues exactly.
 */
public final class Adam extends StatefulOptimizer {

    /** Slot of the first-moment estimates. */
    public static final String FIRST_MOMENT = "m";

    /** Slot of the second-moment estimates. */
    public static final String SECOND_MOMENT = "v";

    /** Slot of the update counts. */
    public static final String STEP = "step";

    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private final Map<String, NDArray> stepArrays = new LinkedHashMap<>();

    /**
     * A fresh optimizer with the given settings.
     *
     * @throws IllegalArgumentException if the settings are not Adam's
     */
    public Adam(OptimizerSettings settings) {
        super(settings);
        if (settings.kind() != OptimizerSettings.Kind.ADAM) {
            throw new IllegalArgumentException(
                    "Adam needs adam settings, was " + settings.kind().cliName());
        }
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        OptimizerSettings settings = settings();
        float beta1 = settings.beta1();
        float beta2 = settings.beta2();
        NDArray g = grad;
        if (settings.weightDecay() != 0f) {
            g = grad.add(weight.mul(settings.weightDecay()));
        }
        NDArray m = firstMoments.get(parameterId);
        NDArray v = secondMoments.get(parameterId);
        if (m == null) {
            m = keep(weight.zerosLike(), weight.getManager());
            v = keep(weight.zerosLike(), weight.getManager());
            firstMoments.put(parameterId, m);
            secondMoments.put(parameterId, v);
        }
        long t = steps.merge(parameterId, 1L, Long::sum);
        m.muli(beta1).addi(g.mul(1f - beta1));
        v.muli(beta2).addi(g.square().muli(1f - beta2));
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (learningRate() / correction1);
        NDArray denominator = v.sqrt().divi((float) Math.sqrt(correction2)).addi(settings.epsilon());
        weight.subi(m.div(denominator).muli(stepSize));
    }

    /** The number of updates parameter {@code parameterId} has had (0 if none). */
    public long steps(String parameterId) {
        return steps.getOrDefault(parameterId, 0L);
    }

    /** {@inheritDoc} Slots {@value #FIRST_MOMENT}, {@value #SECOND_MOMENT} and {@value #STEP}. */
    @Override
    public Map<String, Map<String, NDArray>> slots() {
        for (Map.Entry<String, Long> entry : steps.entrySet()) {
            NDArray count = stepArrays.get(entry.getKey());
            if (count == null) {
                NDManager manager = firstMoments.get(entry.getKey()).getManager();
                count = keep(manager.create(new long[] {entry.getValue()}, new Shape(1)), manager);
                stepArrays.put(entry.getKey(), count);
            } else {
                count.set(new long[] {entry.getValue()});
            }
        }
        Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>();
        slots.put(FIRST_MOMENT, Collections.unmodifiableMap(firstMoments));
        slots.put(SECOND_MOMENT, Collections.unmodifiableMap(secondMoments));
        slots.put(STEP, Collections.unmodifiableMap(stepArrays));
        return Collections.unmodifiableMap(slots);
    }

    /** {@inheritDoc} */
    @Override
    public void loadSlots(Map<String, Map<String, NDArray>> slots, NDManager manager) {
        for (String slot : slots.keySet()) {
            if (!slot.equals(FIRST_MOMENT) && !slot.equals(SECOND_MOMENT) && !slot.equals(STEP)) {
                throw new IllegalStateException("adam has no state slot '" + slot + "' (only m, v, step)");
            }
        }
        Map<String, NDArray> m = slots.getOrDefault(FIRST_MOMENT, Map.of());
        Map<String, NDArray> v = slots.getOrDefault(SECOND_MOMENT, Map.of());
        Map<String, NDArray> t = slots.getOrDefault(STEP, Map.of());
        if (!m.keySet().equals(v.keySet()) || !m.keySet().equals(t.keySet())) {
            throw new IllegalStateException("adam state slots m, v and step must cover the same parameters");
        }
        copyInto(m, firstMoments, manager);
        copyInto(v, secondMoments, manager);
        clear(stepArrays);
        steps.clear();
        t.forEach((id, count) -> steps.put(id, count.toLongArray()[0]));
    }
}
