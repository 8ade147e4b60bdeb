package org.gentrain.orthogonal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.gentrain.models.BlockSearch;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.Learner;
import org.gentrain.train.ModelTransform;
import org.gentrain.train.MomentumSgd;
import org.gentrain.train.StepContext;

/**
 * Orthogonal over-parameterised training (OPT; Liu et al., "Orthogonal Over-Parameterized
 * Training", CVPR 2021) of any model: replaces its {@link Conv2d} and {@link Linear} layers, inside
 * nested {@link SequentialBlock}s, by {@link OrthogonalConv2d} and {@link OrthogonalLinear} layers
 * whose weights are {@code Q W0} with fixed random neurons {@code W0} and a learned orthogonal
 * {@code Q}. Which layers: by default every convolution (as in the paper, where the final
 * classifier trains normally), or in a model without convolutions every linear layer but the last;
 * {@link Builder#optLayers} and {@link Builder#optClassifier} change this.
 *
 * <p>The methods ({@link Method}):
 *
 * <ul>
 *   <li>{@code gs}, {@code cayley}, {@code householder}, {@code lowdin}: {@code Q = Q(R)} through
 *       an {@link Orthogonalizer}, {@code R} trained by the run's optimizer like any weight;
 *   <li>{@code ogd}, orthogonality-preserving gradient descent: {@code Q} is the parameter
 *       (starting at the identity). Each update takes the Euclidean gradient {@code G}, forms the
 *       skew-symmetric {@code A = G Q^T - Q G^T} (whose action {@code -A Q = -G + Q G^T Q} is the
 *       projection of {@code -G} onto the tangent space of the orthogonal group, up to the metric),
 *       accumulates it with the run's momentum {@code V = mu V + A}, and retracts with the Cayley
 *       transform {@code Q <- (I + lr/2 V)^-1 (I - lr/2 V) Q}, which is exactly orthogonal; one
 *       Newton-Schulz step {@code Q <- Q (3 I - Q^T Q) / 2} then removes float rounding. No weight
 *       decay (it cannot change an orthogonal matrix's norm);
 *   <li>{@code soft}: {@code W = R W0} with an unconstrained {@code R} (starting at the identity)
 *       and the penalty {@code lambda ||R R^T - I||_F^2} ({@link OrthogonalityPenalty}) per layer.
 *       The penalty's gradient {@code 4 lambda (R R^T - I) R} is added to {@code R}'s gradient
 *       before the run's optimizer step: the same step as adding the penalty to the loss, without
 *       recording it in the gradient graph (a transform cannot add to the loss; the reported loss
 *       excludes the penalty);
 *   <li>{@code stochastic} (S-OPT): each step draws {@code b} of the {@code d} dimensions at random
 *       (seeded from the run's seed and the epoch) and learns a Cayley rotation {@code C} of that
 *       block only (a {@code [b, b]} parameter, trained by plain SGD at the run's learning rate,
 *       since momentum would carry over to a different block); after the step it is folded into the
 *       accumulated transform {@code A <- P(C) A} and reset to zero, so {@code A} stays orthogonal
 *       (a Newton-Schulz step removes float rounding).
 * </ul>
 *
 * <p>{@code Q} is computed once per forward pass and layer; nothing is cached across steps.
 */
public final class OptTransform implements ModelTransform {

    /** The ways to learn {@code Q}. */
    public enum Method {
        GS("gs"),
        CAYLEY("cayley"),
        HOUSEHOLDER("householder"),
        LOWDIN("lowdin"),
        OGD("ogd"),
        SOFT("soft"),
        STOCHASTIC("stochastic");

        private final String shortName;

        Method(String shortName) {
            this.shortName = shortName;
        }

        /** The short name, as in {@code opt-cayley}. */
        public String shortName() {
            return shortName;
        }

        /** The method of that short name. */
        public static Method of(String name) {
            for (Method method : values()) {
                if (method.shortName.equals(name)) {
                    return method;
                }
            }
            throw new IllegalArgumentException("OPT method must be one of gs, cayley, householder, lowdin, "
                    + "ogd, soft, stochastic; was '" + name + "'");
        }
    }

    /** Which layers to over-parameterise. */
    public enum Layers {
        /** Every convolution; in a model without convolutions, every linear layer. */
        CONV,
        /** Every convolution and every linear layer. */
        ALL
    }

    private final Method method;
    private final Orthogonalizer orthogonalizer;
    private final Layers layers;
    private final boolean classifier;
    private final int blockSize;
    private final float penalty;
    private final List<OrthogonalLayer> replaced = new ArrayList<>();
    private final Map<String, NDArray> velocities = new LinkedHashMap<>();
    private SplittableRandom random;

    private OptTransform(Builder builder) {
        this.method = builder.method;
        this.orthogonalizer = builder.orthogonalizer;
        this.layers = builder.layers;
        this.classifier = builder.classifier;
        this.blockSize = builder.blockSize;
        this.penalty = builder.penalty;
    }

    /**
     * The transform an arm {@code opt-<method>} stands for, with its settings: {@code layers}
     * ({@code conv} or {@code all}), {@code classifier} ({@code train}, the default, or {@code opt}),
     * {@code block-size} (stochastic, 32) and {@code penalty} (soft, 1e-2). The mapped methods use
     * {@link Orthogonalizers#of}; stochastic OPT rotates its blocks with {@link Cayley}.
     */
    public static OptTransform of(String method, ArmOptions options) {
        Method m = Method.of(method);
        String classifier = options.getString("classifier", "train");
        if (!classifier.equals("train") && !classifier.equals("opt")) {
            throw new IllegalArgumentException("classifier must be train or opt, was '" + classifier + "'");
        }
        Builder builder = builder()
                .setMethod(m)
                .optLayers(layersOf(options.getString("layers", "conv")))
                .optClassifier(classifier.equals("opt"))
                .optBlockSize(options.getInt("block-size", 32))
                .optPenalty((float) options.getDouble("penalty", 1e-2));
        if (m == Method.STOCHASTIC) {
            builder.setOrthogonalizer(new Cayley());
        } else if (m != Method.OGD && m != Method.SOFT) {
            builder.setOrthogonalizer(Orthogonalizers.of(method));
        }
        return builder.build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "opt-" + method.shortName();
    }

    /** The method. */
    public Method method() {
        return method;
    }

    /** The OPT layers of the last model this transform rewrote, in the model's order. */
    public List<OrthogonalLayer> layers() {
        return Collections.unmodifiableList(replaced);
    }

    /** {@inheritDoc} */
    @Override
    public Block apply(Block model) {
        replaced.clear();
        List<Block> targets = new ArrayList<>();
        collect(model, targets, layers == Layers.ALL || !BlockSearch.contains(model, Conv2d.class));
        if (!classifier && !targets.isEmpty()) {
            Block last = lastLayer(model);
            targets.remove(last);
        }
        return rewrite(model, targets);
    }

    private Block rewrite(Block block, List<Block> targets) {
        if (targets.contains(block)) {
            OrthogonalLayer layer = block instanceof Conv2d
                    ? OrthogonalConv2d.of((Conv2d) block, kind(), orthogonalizer, blockSize)
                    : OrthogonalLinear.of((Linear) block, kind(), orthogonalizer, blockSize);
            replaced.add(layer);
            return layer;
        }
        if (block instanceof SequentialBlock) {
            SequentialBlock copy = new SequentialBlock();
            copy.setReturnIntermediate(((SequentialBlock) block).isReturnIntermediate());
            for (Block child : block.getChildren().values()) {
                copy.add(rewrite(child, targets));
            }
            return copy;
        }
        return block;
    }

    private static void collect(Block block, List<Block> out, boolean linear) {
        if (block instanceof Conv2d && ((Conv2d) block).getGroups() == 1 || linear && block instanceof Linear) {
            out.add(block);
        } else if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) {
                collect(child, out, linear);
            }
        }
    }

    private static Block lastLayer(Block block) {
        List<Block> all = new ArrayList<>();
        collect(block, all, true);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private OrthogonalLayer.Kind kind() {
        switch (method) {
            case OGD:
            case SOFT:
                return OrthogonalLayer.Kind.FREE;
            case STOCHASTIC:
                return OrthogonalLayer.Kind.STOCHASTIC;
            default:
                return OrthogonalLayer.Kind.MAPPED;
        }
    }

    /** Claims the free and block parameters for this method's own update rules. */
    @Override
    public void onTrainingStart(Learner learner) {
        for (OrthogonalLayer layer : replaced) {
            String id = layer.rotation().getId();
            if (method == Method.OGD) {
                learner.overrideUpdate(id, this::orthogonalStep);
            } else if (method == Method.SOFT) {
                learner.overrideUpdate(id, this::penalisedStep);
            } else if (method == Method.STOCHASTIC) {
                learner.overrideUpdate(id, OptTransform::blockStep);
            }
        }
    }

    /** Stochastic OPT: reseeds the block sampler and draws the first block of the epoch. */
    @Override
    public void onEpochStart(Learner learner, int epoch) {
        if (method == Method.STOCHASTIC) {
            random = new SplittableRandom(learner.derivedSeed("opt-stochastic", epoch));
            for (OrthogonalLayer layer : replaced) {
                sampleBlock(layer, learner.manager());
            }
        }
    }

    /** Stochastic OPT: folds each layer's block rotation into its accumulated transform, draws the next block. */
    @Override
    public void onStepEnd(StepContext step) {
        if (method != Method.STOCHASTIC) {
            return;
        }
        for (OrthogonalLayer layer : replaced) {
            if (layer.blockSelection() != null) {
                NDArray a = layer.accumulated().getArray();
                assign(a, newtonSchulz(layer.rotateBlock(a)));
                NDArray r = layer.rotation().getArray();
                r.subi(r);
            }
            sampleBlock(layer, step.learner().manager());
        }
    }

    private void sampleBlock(OrthogonalLayer layer, NDManager manager) {
        int d = layer.dims();
        int b = layer.blockSize();
        int[] order = new int[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        for (int i = 0; i < b; i++) {
            int j = i + random.nextInt(d - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] selection = new float[b * d];
        for (int i = 0; i < b; i++) {
            selection[i * d + order[i]] = 1f;
        }
        NDArray e = manager.create(selection, new ai.djl.ndarray.types.Shape(b, d))
                .toType(layer.rotation().getArray().getDataType(), false);
        NDScope.unregister(e);
        e.attach(manager);
        layer.selectBlock(e);
    }

    private void orthogonalStep(String id, NDArray q, NDArray grad, Optimizer optimizer) {
        MomentumSgd sgd = (MomentumSgd) optimizer;
        NDArray a = grad.matMul(q.transpose());
        a = a.sub(a.transpose());
        NDArray velocity = velocities.get(id);
        float momentum = sgd.settings().momentum();
        if (velocity == null || momentum == 0f) {
            if (velocity != null) {
                velocity.close();
            }
            velocity = a.duplicate();
            NDScope.unregister(velocity);
            velocity.attach(q.getManager());
            velocities.put(id, velocity);
        } else {
            velocity.muli(momentum).addi(a);
        }
        NDArray half = velocity.mul(sgd.learningRate() / 2f);
        NDArray eye = OrthogonalLayer.eye(q.getManager(), (int) q.getShape().get(0), q.getDataType());
        NDArray retracted = eye.add(half).inverse().matMul(eye.sub(half).matMul(q));
        assign(q, newtonSchulz(retracted));
    }

    private void penalisedStep(String id, NDArray r, NDArray grad, Optimizer optimizer) {
        ((MomentumSgd) optimizer).update(id, r, grad.add(penaltyGradient(r, penalty)));
    }

    /** The gradient of {@code lambda ||R R^T - I||_F^2}: {@code 4 lambda (R R^T - I) R}. */
    static NDArray penaltyGradient(NDArray r, float lambda) {
        NDArray eye = OrthogonalLayer.eye(r.getManager(), (int) r.getShape().get(0), r.getDataType());
        return r.matMul(r.transpose()).sub(eye).matMul(r).mul(4f * lambda);
    }

    private static void blockStep(String id, NDArray r, NDArray grad, Optimizer optimizer) {
        r.subi(grad.mul(((MomentumSgd) optimizer).learningRate()));
    }

    /** One Newton-Schulz step towards the nearest orthogonal matrix: {@code Q (3 I - Q^T Q) / 2}. */
    static NDArray newtonSchulz(NDArray q) {
        return q.mul(1.5f).sub(q.matMul(q.transpose().matMul(q)).mul(0.5f));
    }

    private static void assign(NDArray target, NDArray value) {
        target.subi(target).addi(value);
    }

    /** The momentum of orthogonality-preserving descent, for checkpoints (by layer index). */
    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (int i = 0; i < replaced.size(); i++) {
            NDArray velocity = velocities.get(replaced.get(i).rotation().getId());
            if (velocity != null) {
                state.put("ogd-velocity-" + i, velocity);
            }
        }
        return state;
    }

    /** {@inheritDoc} */
    @Override
    public void loadState(Learner learner, Map<String, NDArray> state) {
        velocities.values().forEach(NDArray::close);
        velocities.clear();
        for (int i = 0; i < replaced.size(); i++) {
            NDArray saved = state.get("ogd-velocity-" + i);
            if (saved != null) {
                NDArray copy = saved.duplicate();
                NDScope.unregister(copy);
                copy.attach(learner.manager());
                velocities.put(replaced.get(i).rotation().getId(), copy);
            }
        }
    }

    /**
     * Builds an {@link OptTransform}. Required: the method, and for the mapped methods and the
     * stochastic one the orthogonalizer (Cayley for the stochastic one in the paper).
     */
    public static final class Builder {
        private Method method;
        private Orthogonalizer orthogonalizer;
        private Layers layers = Layers.CONV;
        private boolean classifier;
        private int blockSize = 32;
        private float penalty = 1e-2f;

        /** The method. */
        public Builder setMethod(Method method) {
            this.method = method;
            return this;
        }

        /** The map {@code R -> Q} (mapped methods) or of a block's rotation (stochastic). */
        public Builder setOrthogonalizer(Orthogonalizer orthogonalizer) {
            this.orthogonalizer = orthogonalizer;
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

        /** Stochastic OPT: the dimensions rotated per step ({@code >= 2}, capped at each layer's d); 32 by default. */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** Soft OPT: the weight {@code lambda} of the orthogonality penalty ({@code >= 0}); 1e-2 by default. */
        public Builder optPenalty(float penalty) {
            this.penalty = penalty;
            return this;
        }

        /** Validates the settings and builds the transform. */
        public OptTransform build() {
            if (method == null) {
                throw new IllegalArgumentException("method must be set, was null");
            }
            boolean needsMap = method != Method.OGD && method != Method.SOFT;
            if (needsMap && orthogonalizer == null) {
                throw new IllegalArgumentException("orthogonalizer must be set for opt-" + method.shortName() + ", was null");
            }
            if (blockSize < 2) {
                throw new IllegalArgumentException("block-size must be >= 2, was " + blockSize);
            }
            if (!(penalty >= 0f) || Float.isInfinite(penalty)) {
                throw new IllegalArgumentException("penalty must be a finite number >= 0, was " + penalty);
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
