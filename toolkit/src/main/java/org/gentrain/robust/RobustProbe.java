package org.gentrain.robust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gentrain.certify.RandomizedSmoothing;
import org.gentrain.data.ImageSet;
import org.gentrain.train.Checks;
import org.gentrain.train.EpochMetrics;
import org.gentrain.train.Learner;
import org.gentrain.train.TrainingHook;

/**
 * Robust evaluation of a run's model after chosen epochs, as columns of an ablation's tables:
 * robust accuracy under attacks ({@code fgsm_acc@0.1}, {@code pgd_acc@0.1}; see {@link AttackSpec})
 * and randomized-smoothing certification ({@code certified_acc@0.25}, {@code acr}, {@code
 * abstain}; Cohen et al., 2019). The columns are also summarised per arm with paired intervals.
 *
 * <pre>{@code
 * Ablation.quick("erm", "gce", "maxup-gauss")
 *         .evaluator(data -> RobustProbe.builder()
 *                 .setTest(data.test().head(500)).setPixelSpace(PixelSpace.of(KnownDataset.FASHION_MNIST))
 *                 .optAttacks("fgsm:0.1,pgd:0.1").optCertification(0.25, 1000, 0.25, 0.5).setEpoch(3).build())
 *         .run();
 * }</pre>
 *
 * <p>Certification adds noise of {@code sigma} in the model's input units (the data's normalised
 * units, as {@code maxup-gauss} and {@code gauss-aug} train), so its radii are in those units too.
 */
public final class RobustProbe implements TrainingHook, EpochMetrics {

    private final ImageSet test;
    private final PixelSpace pixelSpace;
    private final AttackSpec attacks;
    private final double sigma;
    private final int samples;
    private final double[] radii;
    private final int epoch;
    private final long seed;
    private final Map<Integer, Map<String, Double>> measured = new LinkedHashMap<>();

    private RobustProbe(Builder builder) {
        this.test = builder.test;
        this.pixelSpace = builder.pixelSpace;
        this.attacks = builder.attacks;
        this.sigma = builder.sigma;
        this.samples = builder.samples;
        this.radii = builder.radii;
        this.epoch = builder.epoch;
        this.seed = builder.seed;
    }

    /** A builder; set the test images, the pixel space and the epoch, and attacks or certification. */
    public static Builder builder() {
        return new Builder();
    }

    /** The column names this probe fills, in order. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        if (attacks != null) {
            columns.addAll(attacks.columns());
        }
        if (radii != null) {
            for (double radius : radii) {
                columns.add("certified_acc@" + AttackSpec.formatEps(radius));
            }
            columns.add("acr");
            columns.add("abstain");
        }
        return columns;
    }

    @Override
    public List<String> summaryColumns() {
        return columns();
    }

    @Override
    public void onEpochEnd(Learner learner, int finished) {
        if (finished != epoch) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        if (attacks != null) {
            RobustAccuracy robust = RobustAccuracy.builder()
                    .setModel(TargetModel.of(learner, pixelSpace))
                    .setAttacks(attacks)
                    .build();
            values.putAll(robust.evaluate(test, learner.manager()).columns());
        }
        if (radii != null) {
            RandomizedSmoothing smoothing = RandomizedSmoothing.builder()
                    .setClassifier(learner)
                    .optSigma(sigma)
                    .optN(samples)
                    .optSeed(learner.derivedSeed("certification", finished) ^ seed)
                    .build();
            CertificationCurve curve = CertificationCurve.certify(smoothing, test, learner.manager(), radii);
            double[] accuracy = curve.certifiedAccuracy();
            for (int i = 0; i < radii.length; i++) {
                values.put("certified_acc@" + AttackSpec.formatEps(radii[i]), accuracy[i]);
            }
            values.put("acr", curve.averageRadius());
            values.put("abstain", curve.abstentionRate());
        }
        measured.put(finished, values);
    }

    @Override
    public Map<String, Double> metricsAt(int epochNumber) {
        return measured.getOrDefault(epochNumber, Map.of());
    }

    /** Builds a {@link RobustProbe}. */
    public static final class Builder {
        private ImageSet test;
        private PixelSpace pixelSpace;
        private AttackSpec attacks;
        private double sigma = 0.25;
        private int samples = 1000;
        private double[] radii;
        private int epoch;
        private long seed = 1;

        private Builder() {}

        /** The images to attack and certify (a subset keeps certification affordable). */
        public Builder setTest(ImageSet images) {
            this.test = images;
            return this;
        }

        /** The data's normalisation, so that attacks work in pixels. */
        public Builder setPixelSpace(PixelSpace space) {
            this.pixelSpace = space;
            return this;
        }

        /** The epoch after which to evaluate (the run's last, usually). */
        public Builder setEpoch(int number) {
            this.epoch = number;
            return this;
        }

        /** Attacks and budgets in {@link AttackSpec}'s grammar, such as {@code fgsm:0.1,pgd:0.1}. */
        public Builder optAttacks(String spec) {
            this.attacks = AttackSpec.parse(spec, seed);
            return this;
        }

        /**
         * Certification with randomized smoothing: noise {@code sigma}, {@code samples} noisy copies per
         * image (plus 100 for selection), certified accuracy at each radius.
         */
        public Builder optCertification(double noise, int count, double... atRadii) {
            this.sigma = noise;
            this.samples = count;
            this.radii = atRadii.clone();
            return this;
        }

        /** The seed of random starts and noise. */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** Checks the settings and builds the probe. */
        public RobustProbe build() {
            Checks.required("test", test);
            Checks.required("pixelSpace", pixelSpace);
            Checks.atLeast("epoch", epoch, 1);
            if (attacks == null && radii == null) {
                throw new IllegalArgumentException("a robust probe needs attacks or certification radii");
            }
            if (radii != null) {
                Checks.positive("sigma", sigma);
                Checks.atLeast("samples", samples, 1);
                if (radii.length == 0) {
                    throw new IllegalArgumentException("certification needs at least one radius");
                }
                for (double radius : radii) {
                    Checks.atLeast("radius", radius, 0);
                }
            }
            pixelSpace.checkImageShape(test.imageShape());
            Objects.requireNonNull(test);
            return new RobustProbe(this);
        }
    }
}
