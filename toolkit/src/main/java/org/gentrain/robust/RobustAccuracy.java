package org.gentrain.robust;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gentrain.data.ImageSet;
import org.gentrain.train.Checks;

/**
 * The robust accuracy of a model over a test set under a list of attacks at their budgets: for each,
 * the fraction of test examples the model classifies correctly at the clean image and at every
 * iterate the attack checks ({@link Attack.Selection}). The test set is attacked in chunks (1000
 * images by default, as {@code Learner.evaluate}), each in a sub-manager closed at its end; chunk
 * {@code k} seeds its random starts with {@code mix(seed, k)}, so the numbers are reproducible.
 *
 * <pre>{@code
 * RobustAccuracy robust = RobustAccuracy.builder()
 *         .setModel(TargetModel.of(learner, PixelSpace.of(Normalization.FASHION_MNIST)))
 *         .setAttacks(AttackSpec.parse("fgsm:0.1,pgd:0.1", 7))
 *         .build();
 * RobustAccuracy.Report report = robust.evaluate(test, learner.manager());
 * }</pre>
 */
public final class RobustAccuracy {

    private final TargetModel model;
    private final List<AttackSpec.Evaluation> evaluations;
    private final int chunkSize;

    private RobustAccuracy(Builder builder) {
        this.model = builder.model;
        this.evaluations = List.copyOf(builder.evaluations);
        this.chunkSize = builder.chunkSize;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clean and robust accuracy over a test set.
     *
     * @param clean the fraction of the test set the model classifies correctly
     * @param results one per evaluation, in the order given
     */
    public record Report(double clean, List<RobustResult> results) {

        /** Each evaluation's robust accuracy by column name, in the order given. */
        public Map<String, Double> columns() {
            Map<String, Double> columns = new LinkedHashMap<>();
            for (RobustResult result : results) {
                columns.put(result.column(), result.accuracy());
            }
            return columns;
        }
    }

    /**
     * Attacks every image of {@code test}, uploaded into a sub-manager of {@code manager} (which must
     * be on the model's device) that is closed at the end.
     */
    public Report evaluate(ImageSet test, NDManager manager) {
        Checks.required("test", test);
        Checks.required("manager", manager);
        model.pixelSpace().checkImageShape(test.imageShape());
        long[] robust = new long[evaluations.size()];
        long clean = 0;
        try (NDManager data = manager.newSubManager()) {
            NDArray images = test.imagesArray(data);
            NDArray labels = test.labelsArray(data);
            int chunkIndex = 0;
            for (int from = 0; from < test.size(); from += chunkSize, chunkIndex++) {
                int to = Math.min(test.size(), from + chunkSize);
                try (NDManager chunk = data.newSubManager();
                        NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDIndex rows = new NDIndex(from + ":" + to);
                    NDArray x = images.get(rows);
                    NDArray y = labels.get(rows);
                    x.attach(chunk);
                    y.attach(chunk);
                    clean += model.logits(x).argMax(1).eq(y).sum().getLong();
                    for (int e = 0; e < evaluations.size(); e++) {
                        Attack attack = evaluations.get(e).attack();
                        AttackResult result = attack.run(model, x, y, mix(attack.seed(), chunkIndex));
                        robust[e] += result.robustCount();
                    }
                }
            }
        }
        List<RobustResult> results = new ArrayList<>();
        for (int e = 0; e < evaluations.size(); e++) {
            AttackSpec.Evaluation evaluation = evaluations.get(e);
            results.add(new RobustResult(evaluation.column(), evaluation.attack(), robust[e], test.size()));
        }
        return new Report(test.size() == 0 ? 0 : (double) clean / test.size(), results);
    }

    static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds {@link RobustAccuracy}; {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private TargetModel model;
        private final List<AttackSpec.Evaluation> evaluations = new ArrayList<>();
        private int chunkSize = 1000;

        /** The model to attack. */
        public Builder setModel(TargetModel model) {
            this.model = model;
            return this;
        }

        /** The evaluations of a parsed spec (replacing any added before). */
        public Builder setAttacks(AttackSpec spec) {
            evaluations.clear();
            evaluations.addAll(Checks.required("spec", spec).evaluations());
            return this;
        }

        /** One more attack, reported under {@code label} (such as {@code pgd}). */
        public Builder addAttack(String label, Attack attack) {
            evaluations.add(
                    new AttackSpec.Evaluation(Checks.required("label", label), Checks.required("attack", attack)));
            return this;
        }

        /** Images attacked at once, {@code >= 1}; 1000 by default. */
        public Builder optChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        /** Validates and builds. */
        public RobustAccuracy build() {
            Checks.required("model", model);
            if (evaluations.isEmpty()) {
                throw new IllegalArgumentException("attacks must name at least one attack");
            }
            Checks.atLeast("chunkSize", chunkSize, 1);
            return new RobustAccuracy(this);
        }
    }
}
