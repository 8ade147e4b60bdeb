package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;
import org.gentrain.train.CrossEntropy;
import org.gentrain.train.Objective;
import org.gentrain.train.StepContext;

/**
 * PGD adversarial training (Madry, Makelov, Schmidt, Tsipras, Vladu, "Towards Deep Learning Models
 * Resistant to Adversarial Attacks", ICLR 2018): {@code min_theta E max_{||x' - x|| <= eps} L(x', y,
 * theta)}, the inner maximum approximated by PGD. Each step attacks the batch with PGD (L-inf by
 * default, from a random start, the last iterate), then takes one cross-entropy step on the
 * adversarial images alone.
 *
 * <p>The attack runs the model in inference mode, as most PyTorch implementations do ({@code
 * model.eval()} while attacking, {@code model.train()} for the step): batch norms use their running
 * statistics while attacking and do not update them, so only the training pass moves them, once per
 * step as in plain training, and the attack's gradient leaves the parameters' gradients untouched.
 * (Madry et al.'s TensorFlow code attacks the training-mode graph; with batch norm the two differ
 * slightly in the examples found.)
 *
 * <p>Defaults, for 28 x 28 grey images such as Fashion-MNIST: {@code eps = 0.1} in pixel units, 7
 * steps of {@code 2.5 eps / 7}, random start, L-inf (Madry et al. use eps 0.3, 40 steps of 0.01 on
 * MNIST and eps 8/255, 7 steps of 2/255 on CIFAR-10). A step costs about {@code steps + 1} forward
 * and backward passes. The random start of step {@code s} of epoch {@code e} is seeded by the run's
 * seed, {@code e} and {@code s}.
 */
public final class AdversarialTraining implements Objective {

    /** The name arms and tables use. */
    public static final String NAME = "pgd-at";

    private final Attack attack;
    private final PixelSpace pixelSpace;

    private AdversarialTraining(Builder builder) {
        this.pixelSpace = builder.pixelSpace;
        this.attack = Attack.pgd()
                .setEps(builder.eps)
                .optSteps(builder.steps)
                .optStepSize(builder.stepSize == null ? 2.5 * builder.eps / builder.steps : builder.stepSize)
                .optRandomStart(builder.randomStart)
                .optNorm(builder.norm)
                .optSelection(Attack.Selection.LAST)
                .build();
    }

    /** A builder with the defaults above; the data's normalisation must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The attack each step trains against. */
    public Attack attack() {
        return attack;
    }

    /** The map between pixels and the model's input. */
    public PixelSpace pixelSpace() {
        return pixelSpace;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Rejects images whose channels the normalisation does not match. */
    @Override
    public void checkInputShape(Shape inputShape) {
        pixelSpace.checkImageShape(inputShape);
    }

    @Override
    public NDArray step(StepContext step) {
        TargetModel model = TargetModel.of(step.learner(), pixelSpace);
        long seed = RobustAccuracy.mix(step.learner().derivedSeed(NAME, step.epoch()), step.batchIndex());
        NDArray adversarial = attack.perturb(model, step.data(), step.labels(), seed);
        adversarial.attach(step.manager());
        return step.descend(() -> CrossEntropy.mean(step.forward(adversarial), step.labels()));
    }

    /** Builds {@link AdversarialTraining}; {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private PixelSpace pixelSpace;
        private double eps = 0.1;
        private int steps = 7;
        private Double stepSize;
        private boolean randomStart = true;
        private Attack.Norm norm = Attack.Norm.LINF;

        /** The data set's normalisation, such as {@code PixelSpace.of(KnownDataset.FASHION_MNIST)}. */
        public Builder setPixelSpace(PixelSpace pixelSpace) {
            this.pixelSpace = pixelSpace;
            return this;
        }

        /** The budget in pixel units (L-inf in {@code [0, 1]}, L2 {@code >= 0}); 0.1 by default. */
        public Builder optEps(double eps) {
            this.eps = eps;
            return this;
        }

        /** PGD steps per training step, {@code >= 1}; 7 by default. */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** The PGD step size in pixel units, {@code >= 0}; {@code 2.5 eps / steps} by default. */
        public Builder optStepSize(double stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        /** Whether PGD starts at a random point of the ball; true by default. */
        public Builder optRandomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /** The norm of the budget; L-inf by default. */
        public Builder optNorm(Attack.Norm norm) {
            this.norm = norm;
            return this;
        }

        /** Validates and builds. */
        public AdversarialTraining build() {
            Checks.required("pixelSpace", pixelSpace);
            Checks.atLeast("steps", steps, 1);
            return new AdversarialTraining(this);
        }
    }
}
