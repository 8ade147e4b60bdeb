package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gentrain.train.Checks;

/**
 * A gradient attack on a classifier in pixel space {@code [0, 1]}: FGSM, BIM, PGD or MIM, under the
 * L-inf or the L2 norm. With {@code p} the clean pixels, {@code L} the summed cross-entropy of the
 * true labels and {@code g = grad_x L}, each of {@code t} steps of size {@code a} moves the iterate
 * {@code x} and projects it back onto the eps-ball around {@code p} and onto {@code [0, 1]}:
 *
 * <ul>
 *   <li>L-inf: {@code x <- clip_[0,1](clip_[p-eps, p+eps](x + a * sign(d)))};
 *   <li>L2: {@code x <- clip_[0,1](p + proj_eps(x + a * d / ||d||_2 - p))}, {@code proj_eps(v) = v *
 *       min(1, eps / ||v||_2)} (clamping after the ball keeps the iterate inside the ball, since
 *       {@code p} is in {@code [0, 1]}).
 * </ul>
 *
 * where {@code d = g} except for MIM, whose direction is the momentum {@code d <- mu * d + g /
 * ||g||_1} (Dong et al., "Boosting Adversarial Attacks with Momentum", CVPR 2018). The methods and
 * their defaults:
 *
 * <ul>
 *   <li>{@link Method#FGSM} (Goodfellow et al. 2015): one step of size eps from the clean image,
 *       {@code x' = p + eps * sign(g)} (with L2, {@code p + eps * g / ||g||_2}).
 *   <li>{@link Method#BIM} (Kurakin et al. 2017): 10 steps of {@code eps / 10} from the clean image.
 *   <li>{@link Method#PGD} (Madry et al. 2018): 10 steps of {@code 2.5 eps / 10} from a uniformly
 *       random start in the ball (L-inf: each pixel offset uniform in {@code [-eps, eps]}; L2: a
 *       uniform point of the L2 ball), clamped to {@code [0, 1]}.
 *   <li>{@link Method#MIM}: 10 steps of {@code eps / 10}, decay {@code mu = 1}, from the clean image.
 * </ul>
 *
 * <p>Steps, step size, random start and decay can be set. The gradient is taken through the data
 * set's normalisation and the model in inference mode ({@link TargetModel}); the model's parameters
 * and statistics do not change. A batch is attacked as a whole inside the engine, in a sub-manager
 * closed at the end; each iteration's temporaries live in an {@link NDScope} closed at its end.
 * Random starts come from a generator seeded per call, so an attack is reproducible.
 *
 * <p><b>Which iterate counts.</b> With {@link Selection#FIRST_FOOLING} (the default), an example
 * withstands the attack only if the model classifies it correctly at the clean image and at every
 * iterate, and its adversarial image is the first iterate the model misclassifies (the last one if
 * none). Every iterate comes from a forward pass the gradient needs anyway, plus one pass on the
 * clean images and one on the last iterate. With the same start and step size, the iterates of
 * {@code t} steps are the first iterates of {@code t + 1} steps, so more steps never raise robust
 * accuracy. With {@link Selection#LAST} only the final iterate counts (what adversarial training
 * trains on).
 */
public final class Attack {

    /** The attack's update rule and defaults. */
    public enum Method {
        /** Fast gradient sign method: one step of size eps. */
        FGSM,
        /** Basic iterative method: projected steps from the clean image. */
        BIM,
        /** Projected gradient descent from a random start in the ball. */
        PGD,
        /** Momentum iterative method: steps along accumulated L1-normalised gradients. */
        MIM;

        /** The name as specs write it, such as {@code pgd}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The norm of the budget. */
    public enum Norm {
        /** Every pixel moves by at most eps. */
        LINF,
        /** The image moves by at most eps in Euclidean distance. */
        L2
    }

    /** Which iterate counts, per example. */
    public enum Selection {
        /** The first iterate (the clean image included) the model misclassifies, else the last. */
        FIRST_FOOLING,
        /** The last iterate. */
        LAST
    }

    private static final float TINY = 1e-12f;

    private final Method method;
    private final Norm norm;
    private final double eps;
    private final int steps;
    private final double stepSize;
    private final boolean randomStart;
    private final double decay;
    private final Selection selection;
    private final long seed;

    private Attack(Builder builder) {
        this.method = builder.method;
        this.norm = builder.norm;
        this.eps = builder.eps;
        this.steps = builder.steps;
        this.stepSize = builder.stepSize;
        this.randomStart = builder.randomStart;
        this.decay = builder.decay;
        this.selection = builder.selection;
        this.seed = builder.seed;
    }

    /** FGSM: one step of size eps, no random start. */
    public static Builder fgsm() {
        return new Builder(Method.FGSM);
    }

    /** BIM: 10 steps of eps / 10 from the clean image. */
    public static Builder bim() {
        return new Builder(Method.BIM);
    }

    /** PGD: 10 steps of 2.5 eps / 10 from a uniformly random start in the ball. */
    public static Builder pgd() {
        return new Builder(Method.PGD);
    }

    /** MIM: 10 steps of eps / 10 with momentum decay 1 from the clean image. */
    public static Builder mim() {
        return new Builder(Method.MIM);
    }

    /** A builder for {@code method} with its defaults. */
    public static Builder builder(Method method) {
        return new Builder(Checks.required("method", method));
    }

    /** The method. */
    public Method method() {
        return method;
    }

    /** The norm. */
    public Norm norm() {
        return norm;
    }

    /** The budget, in pixel units. */
    public double eps() {
        return eps;
    }

    /** The number of steps. */
    public int steps() {
        return steps;
    }

    /** The step size, in pixel units. */
    public double stepSize() {
        return stepSize;
    }

    /** Whether the first iterate is a uniformly random point of the ball. */
    public boolean randomStart() {
        return randomStart;
    }

    /** MIM's momentum decay {@code mu} (0 for the other methods). */
    public double decay() {
        return decay;
    }

    /** Which iterate counts. */
    public Selection selection() {
        return selection;
    }

    /** The seed of the random start. */
    public long seed() {
        return seed;
    }

    /** A short description, such as {@code pgd linf eps=0.1 steps=10 step=0.025 random-start}. */
    @Override
    public String toString() {
        return method.key() + " " + norm.name().toLowerCase(Locale.ROOT) + " eps=" + eps + " steps=" + steps
                + " step=" + stepSize + (randomStart ? " random-start" : "")
                + (method == Method.MIM ? " decay=" + decay : "");
    }

    /**
     * Attacks a batch with the attack's own seed; see {@link #run(TargetModel, NDArray, NDArray,
     * long)}.
     */
    public AttackResult run(TargetModel model, NDArray images, NDArray labels) {
        return run(model, images, labels, seed);
    }

    /**
     * Attacks a batch and checks the model on it: the adversarial images and which examples
     * withstood every checked iterate.
     *
     * @param model the classifier
     * @param images normalised images {@code [N, C, H, W]}, as the data sets store them; their pixels
     *     are clamped to {@code [0, 1]} first
     * @param labels the true labels {@code [N]}
     * @param seed the seed of the random start
     * @return arrays in {@code images}' manager, registered in the caller's {@link NDScope} if any
     */
    public AttackResult run(TargetModel model, NDArray images, NDArray labels, long seed) {
        return attack(model, images, labels, seed, true);
    }

    /**
     * The adversarial images of a batch, normalised, in {@code images}' manager (and the caller's
     * {@link NDScope} if any), without the extra forward pass that checks the last iterate (for
     * adversarial training).
     */
    public NDArray perturb(TargetModel model, NDArray images, NDArray labels, long seed) {
        return attack(model, images, labels, seed, false).adversarial();
    }

    private AttackResult attack(TargetModel model, NDArray images, NDArray labels, long seed, boolean checkLast) {
        NDManager caller = images.getManager();
        PixelSpace space = model.pixelSpace();
        int n = Math.toIntExact(images.getShape().get(0));
        Shape perExample = perExampleShape(images.getShape());
        boolean firstFooling = selection == Selection.FIRST_FOOLING;
        try (NDManager batch = caller.newSubManager();
                TargetModel.Frozen frozen = model.freezeParameters()) {
            NDArray clean;
            NDArray truth;
            NDArray adversarial;
            NDArray robust;
            NDArray kept = null;
            NDArray momentum = null;
            try (NDScope setup = new NDScope()) {
                NDArray copy = images.duplicate();
                copy.attach(batch);
                clean = space.toPixels(copy).clip(0, 1);
                truth = labels.toType(DataType.INT64, true);
                truth.attach(batch);
                adversarial = randomStart && eps > 0 ? randomStart(batch, clean, seed) : clean;
                if (firstFooling) {
                    robust = predict(model, clean).eq(truth);
                    kept = clean;
                } else {
                    robust = batch.ones(new Shape(n), DataType.BOOLEAN);
                }
                if (method == Method.MIM) {
                    momentum = batch.zeros(clean.getShape(), clean.getDataType());
                }
                keep(batch, clean, truth, adversarial, robust);
                if (momentum != null) {
                    keep(batch, momentum);
                }
            }
            for (int t = 0; t < steps; t++) {
                try (NDScope iteration = new NDScope()) {
                    TargetModel.InputGradient pass = model.inputGradient(adversarial, truth);
                    NDArray gradient = pass.gradient();
                    NDArray logits = pass.logits();
                    if (firstFooling) {
                        NDArray fooledNow = logits.argMax(1).neq(truth).logicalAnd(robust);
                        NDArray nextKept = select(fooledNow, adversarial, kept, perExample);
                        NDArray nextRobust = robust.logicalAnd(fooledNow.logicalNot());
                        keep(batch, nextKept, nextRobust);
                        replace(kept, clean, adversarial);
                        replace(robust);
                        kept = nextKept;
                        robust = nextRobust;
                    }
                    NDArray direction = gradient;
                    if (method == Method.MIM) {
                        NDArray l1 = gradient.abs()
                                .reshape(n, -1)
                                .sum(new int[] {1})
                                .add(TINY)
                                .reshape(perExample);
                        NDArray nextMomentum = momentum.mul(decay).add(gradient.div(l1));
                        keep(batch, nextMomentum);
                        momentum.close();
                        momentum = nextMomentum;
                        direction = momentum;
                    }
                    NDArray next = project(clean, adversarial.add(step(direction, n, perExample)), n, perExample);
                    keep(batch, next);
                    if (adversarial != clean && adversarial != kept) {
                        adversarial.close();
                    }
                    adversarial = next;
                }
            }
            NDArray out;
            NDArray outRobust;
            try (NDScope last = new NDScope()) {
                NDArray finalRobust = robust;
                if (checkLast) {
                    NDArray correct = predict(model, adversarial).eq(truth);
                    finalRobust = firstFooling ? robust.logicalAnd(correct) : correct;
                }
                NDArray finalKept = firstFooling ? select(robust, adversarial, kept, perExample) : adversarial;
                out = space.toModel(finalKept);
                if (out == finalKept) {
                    out = finalKept.duplicate();
                }
                outRobust = finalRobust.duplicate();
                NDScope.unregister(out, outRobust);
                out.attach(caller);
                outRobust.attach(caller);
            }
            // The results belong to the caller's scope (such as a training step's), if there is one.
            NDScope.register(out);
            NDScope.register(outRobust);
            return new AttackResult(out, outRobust);
        }
    }

    /** Per example, {@code a} where {@code mask [N]} is true and {@code b} elsewhere. */
    private static NDArray select(NDArray mask, NDArray a, NDArray b, Shape perExample) {
        return NDArrays.where(mask.reshape(perExample).broadcast(a.getShape()), a, b);
    }

    /** Keeps arrays beyond the current scope, in the batch's manager. */
    private static void keep(NDManager batch, NDArray... arrays) {
        for (NDArray array : arrays) {
            NDScope.unregister(array);
            array.attach(batch);
        }
    }

    /** Closes a state array unless it is one of the arrays still in use. */
    private static void replace(NDArray old, NDArray... inUse) {
        if (old == null) {
            return;
        }
        for (NDArray keep : inUse) {
            if (old == keep) {
                return;
            }
        }
        old.close();
    }

    private NDArray predict(TargetModel model, NDArray pixels) {
        return model.logitsOfPixels(pixels).argMax(1);
    }

    /** The step {@code a * sign(d)} (L-inf) or {@code a * d / ||d||_2} (L2). */
    private NDArray step(NDArray direction, int n, Shape perExample) {
        if (norm == Norm.LINF) {
            return direction.sign().mul(stepSize);
        }
        NDArray length = direction.reshape(n, -1).norm(new int[] {1}).add(TINY).reshape(perExample);
        return direction.div(length).mul(stepSize);
    }

    /** Projects onto the eps-ball around {@code clean}, then clamps to {@code [0, 1]}. */
    private NDArray project(NDArray clean, NDArray moved, int n, Shape perExample) {
        if (norm == Norm.LINF) {
            return moved.maximum(clean.sub(eps)).minimum(clean.add(eps)).clip(0, 1);
        }
        NDArray offset = moved.sub(clean);
        NDArray length = offset.reshape(n, -1).norm(new int[] {1}).reshape(perExample);
        NDArray scale = length.add(TINY).pow(-1).mul(eps).minimum(1f);
        return clean.add(offset.mul(scale)).clip(0, 1);
    }

    /** A uniformly random point of the ball around {@code clean}, clamped to {@code [0, 1]}. */
    private NDArray randomStart(NDManager manager, NDArray clean, long seed) {
        Shape shape = clean.getShape();
        int n = Math.toIntExact(shape.get(0));
        int size = Math.toIntExact(shape.size());
        int perImage = size / Math.max(1, n);
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        if (norm == Norm.LINF) {
            for (int i = 0; i < size; i++) {
                values[i] = (float) ((2 * random.nextDouble() - 1) * eps);
            }
        } else {
            // A Gaussian direction scaled to radius eps * U^(1/d): uniform in the d-dimensional ball.
            for (int e = 0; e < n; e++) {
                double squares = 0;
                for (int i = e * perImage; i < (e + 1) * perImage; i++) {
                    double value = random.nextGaussian();
                    values[i] = (float) value;
                    squares += value * value;
                }
                double radius =
                        eps * Math.pow(random.nextDouble(), 1.0 / perImage) / Math.max(Math.sqrt(squares), 1e-30);
                for (int i = e * perImage; i < (e + 1) * perImage; i++) {
                    values[i] = (float) (values[i] * radius);
                }
            }
        }
        NDArray offset = manager.create(values, shape).toType(clean.getDataType(), false);
        return project(clean, clean.add(offset), n, perExampleShape(shape));
    }

    private static Shape perExampleShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = shape.get(0);
        return new Shape(dims);
    }

    /** Builds an {@link Attack}; {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private final Method method;
        private Norm norm = Norm.LINF;
        private Double eps;
        private Integer steps;
        private Double stepSize;
        private Boolean randomStart;
        private Double decay;
        private Selection selection = Selection.FIRST_FOOLING;
        private long seed = 0x726f62757374L;

        private Builder(Method method) {
            this.method = method;
        }

        /** The budget in pixel units: L-inf in {@code [0, 1]}, L2 {@code >= 0}. */
        public Builder setEps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The norm of the budget; L-inf by default. */
        public Builder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        /** The number of steps, {@code >= 1}; 1 for FGSM (which allows no other), 10 otherwise. */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * The step size in pixel units, {@code >= 0}; by default eps for FGSM, {@code 2.5 eps /
         * steps} for PGD, {@code eps / steps} for BIM and MIM.
         */
        public Builder optStepSize(double stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        /** Whether to start at a uniformly random point of the ball; only PGD does by default. */
        public Builder optRandomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /** MIM's momentum decay {@code mu >= 0}; 1 by default. Only MIM has one. */
        public Builder optDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /** Which iterate counts; {@link Selection#FIRST_FOOLING} by default. */
        public Builder optSelection(Selection selection) {
            this.selection = selection;
            return this;
        }

        /** The seed of the random start. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates the settings and builds the attack. */
        public Attack build() {
            Checks.required("norm", norm);
            Checks.required("selection", selection);
            Checks.required("eps", eps);
            if (norm == Norm.LINF) {
                Checks.inRange("eps", eps, 0, true, 1, true);
            } else {
                Checks.atLeast("eps", eps, 0);
                if (Double.isInfinite(eps)) {
                    throw new IllegalArgumentException("eps must be finite, was " + eps);
                }
            }
            if (method == Method.FGSM) {
                if (steps != null && steps != 1) {
                    throw new IllegalArgumentException("steps must be 1 for fgsm, was " + steps);
                }
                steps = 1;
            } else if (steps == null) {
                steps = 10;
            }
            Checks.atLeast("steps", steps, 1);
            if (stepSize == null) {
                stepSize = method == Method.FGSM ? eps : method == Method.PGD ? 2.5 * eps / steps : eps / steps;
            }
            Checks.atLeast("stepSize", stepSize, 0);
            if (Double.isInfinite(stepSize)) {
                throw new IllegalArgumentException("stepSize must be finite, was " + stepSize);
            }
            if (randomStart == null) {
                randomStart = method == Method.PGD;
            }
            if (method == Method.MIM) {
                decay = decay == null ? 1.0 : decay;
                Checks.atLeast("decay", decay, 0);
                if (Double.isInfinite(decay)) {
                    throw new IllegalArgumentException("decay must be finite, was " + decay);
                }
            } else if (decay != null) {
                throw new IllegalArgumentException("decay applies to mim only, not " + method.key());
            } else {
                decay = 0.0;
            }
            return new Attack(this);
        }
    }
}
