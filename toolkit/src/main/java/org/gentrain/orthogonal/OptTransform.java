package org.gentrain.orthogonal;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.gentrain.models.BlockSearch;
import org.gentrain.models.ReplaceableChildren;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Learner;
import org.gentrain.train.ModelTransform;
import org.gentrain.train.StepContext;

/**
 * Orthogonal over-parameterised training (OPT; Liu et al., "Orthogonal Over-Parameterized
 * Training", CVPR 2021) of any model: replaces its {@link Conv2d} and {@link Linear} layers,
 * wherever they are in the model's tree of blocks ({@link SequentialBlock}s, {@link
 * ParallelBlock}s such as residual branches, blocks that implement {@link ReplaceableChildren},
 * nested), by {@link OrthogonalLayer}s whose weights are {@code Q W0} with fixed random neurons
 * {@code W0} and a learned orthogonal {@code Q}. How {@code Q} is learned is the {@link OptMethod}.
 * Which layers: by default every convolution (as in the paper, where the final classifier trains
 * normally), or in a model without convolutions every linear layer but the last; {@link
 * Builder#optLayers} and {@link Builder#optClassifier} change this. A model with no layer to
 * rewrite is an error, not a silent no-op.
 *
 * <pre>{@code
 * Recipe recipe = Recipe.erm().with(OptTransform.builder()
 *         .setMethod(OptMethods.named("cayley"))
 *         .build());
 * }</pre>
 *
 * <p>The transform is a value that any number of learners may share: {@link #apply} rewrites each
 * learner's own model, and everything a run needs beyond its model (the method's {@link
 * OptMethod.Run}) is made for that learner when it starts training. The layers are rewritten in
 * place inside their parents; the model's root is returned (or the new layer, if the root itself
 * was the one layer to rewrite).
 */
public final class OptTransform implements ModelTransform {

    /** Which layers to over-parameterise. */
    public enum Layers {
        /** Every convolution; in a model without convolutions, every linear layer. */
        CONV,
        /** Every convolution and every linear layer. */
        ALL
    }

    private final OptMethod method;
    private final Layers layers;
    private final boolean classifier;
    /** The layers this transform made, in whichever model; weakly held, so runs that end release them. */
    private final Set<OrthogonalLayer> made =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Each learner's run of the method, from its training start; weakly held. */
    private final Map<Learner, OptMethod.Run> runs = Collections.synchronizedMap(new WeakHashMap<>());

    private OptTransform(Builder builder) {
        this.method = builder.method;
        this.layers = builder.layers;
        this.classifier = builder.classifier;
    }

    /**
     * The transform an arm {@code opt-<method>} stands for, with its settings: {@code layers}
     * ({@code conv}, the default, or {@code all}), {@code classifier} ({@code train}, the default,
     * or {@code opt}), and the method's own ({@link OptMethods#named(String, ArmOptions)}: {@code
     * penalty} for soft, {@code block-size} for stochastic).
     *
     * @throws IllegalArgumentException naming an unknown method, or a setting and its allowed values
     */
    public static OptTransform of(String method, ArmOptions options) {
        OptMethods.requireKnown(method);
        String classifier = options.getString("classifier", "train");
        if (!classifier.equals("train") && !classifier.equals("opt")) {
            throw new IllegalArgumentException("classifier must be train or opt, was '" + classifier + "'");
        }
        Layers layers = layersOf(options.getString("layers", "conv"));
        return builder()
                .setMethod(OptMethods.named(method, options))
                .optLayers(layers)
                .optClassifier(classifier.equals("opt"))
                .build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "opt-" + method.name();
    }

    /** The method. */
    public OptMethod method() {
        return method;
    }

    /** Which layers are over-parameterised. */
    public Layers layers() {
        return layers;
    }

    /** Whether the final classifier is over-parameterised too. */
    public boolean classifier() {
        return classifier;
    }

    /**
     * The OPT layers this transform made in {@code learner}'s model, in the model's order.
     *
     * @throws IllegalArgumentException if the learner does not train with this transform
     */
    public List<OrthogonalLayer> layers(Learner learner) {
        if (!runs.containsKey(learner)) {
            throw new IllegalArgumentException("learner does not train with this " + name() + " transform");
        }
        return ownLayers(learner.block());
    }

    /**
     * Replaces every layer to over-parameterise by its OPT layer, in place.
     *
     * @throws IllegalArgumentException if the model has no such layer, naming the model; or if one
     *     sits in a composite block that cannot replace its children
     */
    @Override
    public Block apply(Block model) {
        boolean linear = layers == Layers.ALL || !BlockSearch.contains(model, Conv2d.class);
        List<BlockSearch.Found> targets = new ArrayList<>(BlockSearch.find(model, candidates(linear)));
        boolean onlyClassifier = false;
        if (!classifier && !targets.isEmpty()) {
            List<BlockSearch.Found> all = BlockSearch.find(model, candidates(true));
            Block last = all.get(all.size() - 1).block();
            targets.removeIf(target -> target.block() == last);
            onlyClassifier = targets.isEmpty();
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(
                    name() + " found no convolution or linear layer to rewrite in model '" + describe(model) + "'"
                            + (onlyClassifier ? " besides its classifier (classifier=opt rewrites that)" : ""));
        }
        for (BlockSearch.Found target : targets) {
            if (!BlockSearch.isReplaceable(target)) {
                throw new IllegalArgumentException(name() + " cannot rewrite layer '" + target.path() + "' of model '"
                        + describe(model) + "': " + BlockSearch.whyNotReplaceable(target));
            }
        }
        Block root = model;
        for (BlockSearch.Found target : targets) {
            OrthogonalLayer layer = method.overParameterise(target.block());
            made.add(layer);
            root = BlockSearch.replace(root, target, layer);
        }
        return root;
    }

    /** A {@link Conv2d} with one group, or (if {@code linear}) a {@link Linear} layer. */
    private static Predicate<Block> candidates(boolean linear) {
        return block ->
                block instanceof Conv2d && ((Conv2d) block).getGroups() == 1 || linear && block instanceof Linear;
    }

    /** The model's class and, for a DJL container, its top-level children, on one line. */
    private static String describe(Block model) {
        String name = model.getClass().getSimpleName();
        if (!(model instanceof SequentialBlock || model instanceof ParallelBlock)) {
            return name;
        }
        List<String> keys = model.getChildren().keys();
        String children = keys.stream().limit(8).collect(Collectors.joining(", "));
        return name + "[" + children + (keys.size() > 8 ? ", ..." : "") + "]";
    }

    private List<OrthogonalLayer> ownLayers(Block model) {
        List<OrthogonalLayer> own = new ArrayList<>();
        for (BlockSearch.Found found : BlockSearch.find(model, OrthogonalLayer.class)) {
            if (made.contains((OrthogonalLayer) found.block())) {
                own.add((OrthogonalLayer) found.block());
            }
        }
        return own;
    }

    /** Starts the method for this learner's run, on the layers this transform made in its model. */
    @Override
    public void onTrainingStart(Learner learner) {
        runs.put(learner, method.bind(learner, ownLayers(learner.block())));
    }

    /** {@inheritDoc} */
    @Override
    public void onEpochStart(Learner learner, int epoch) {
        run(learner).onEpochStart(learner, epoch);
    }

    /** {@inheritDoc} */
    @Override
    public void onStepEnd(StepContext step) {
        run(step.learner()).onStepEnd(step);
    }

    private OptMethod.Run run(Learner learner) {
        OptMethod.Run run = runs.get(learner);
        if (run == null) {
            throw new IllegalStateException(name() + " has not started for this learner");
        }
        return run;
    }

    @Override
    public String toString() {
        return name() + "(layers=" + layers.name().toLowerCase(Locale.ROOT) + ", classifier="
                + (classifier ? "opt" : "train") + ")";
    }

    /** Builds an {@link OptTransform}. Required: the method. */
    public static final class Builder {
        private OptMethod method;
        private Layers layers = Layers.CONV;
        private boolean classifier;

        private Builder() {}

        /** How {@code Q} is learned, such as {@code OptMethods.named("cayley")}. */
        public Builder setMethod(OptMethod method) {
            this.method = method;
            return this;
        }

        /** Which layers to over-parameterise; {@link Layers#CONV} by default. */
        public Builder optLayers(Layers layers) {
            this.layers = layers;
            return this;
        }

        /** Whether the final classifier is over-parameterised too; false (it trains normally) by default. */
        public Builder optClassifier(boolean classifier) {
            this.classifier = classifier;
            return this;
        }

        /** Validates the settings and builds the transform. */
        public OptTransform build() {
            if (method == null) {
                throw new IllegalArgumentException("method must be set, was null");
            }
            if (layers == null) {
                throw new IllegalArgumentException("layers must be conv or all, was null");
            }
            return new OptTransform(this);
        }
    }

    /** Parses {@code conv} or {@code all}. */
    public static Layers layersOf(String name) {
        try {
            return Layers.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layers must be conv or all, was '" + name + "'");
        }
    }
}
