package org.gentrain.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gentrain.train.Checks;
import org.gentrain.train.Constants;
import org.gentrain.train.Learner;
import org.gentrain.train.Regularizer;
import org.gentrain.train.StepContext;

/**
 * Adds {@code lambda * sum_l scale_l * E_l} to every step's loss, where {@code E_l} is the
 * hyperspherical energy of layer {@code l}'s neurons (MHE, Liu et al., NeurIPS 2018), or their
 * compressive energy when a {@link NeuronProjection} is set (CoMHE, Lin et al., CVPR 2020).
 *
 * <p>Defaults as in the authors' code: every convolution and fully connected layer (and every
 * {@link org.gentrain.train.NeuronLayer}) is regularised; hidden layers with half-space MHE and
 * scale 1 (0.1 for the angular powers a1 and a2); the output layer with plain MHE and scale 10 (1
 * for angular powers); {@code lambda = 1e-2}, power 2. Any layer's setting can be overridden by its
 * name ({@code conv1}, ..., {@code fc1}, ...; see {@link EnergyLayer}).
 *
 * <p>All layers' energies are computed together: one Gram matrix (or one batch of them, for
 * projections) per layer, then one chain of element-wise operations over all of them, with the
 * constants made once at training start.
 */
public final class EnergyRegularizer implements Regularizer {

    /** How one layer is regularised. */
    public record LayerSetting(boolean enabled, boolean halfSpace, double scale) {

        /** Validates the scale. */
        public LayerSetting {
            Checks.atLeast("scale", scale, 0);
        }

        /** The layer is regularised with this half-space flag and scale. */
        public static LayerSetting of(boolean halfSpace, double scale) {
            return new LayerSetting(true, halfSpace, scale);
        }

        /** The layer is not regularised. */
        public static LayerSetting off() {
            return new LayerSetting(false, false, 0);
        }
    }

    private final String name;
    private final double lambda;
    private final EnergyPower power;
    private final NeuronProjection projection;
    private final Map<String, LayerSetting> overrides;
    private final List<EnergyLayer> active = new ArrayList<>();
    private final List<Integer> activeIndex = new ArrayList<>();
    private CosineEnergy energy;
    private NDArray epsilon;

    private EnergyRegularizer(Builder builder) {
        this.lambda = builder.lambda;
        this.power = builder.power;
        this.projection = builder.projection;
        this.overrides = Map.copyOf(builder.overrides);
        this.name = builder.name != null ? builder.name : projection == null ? "mhe" : "comhe-" + projection.name();
    }

    /** A builder with the authors' defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** The weight lambda of the energy. */
    public double lambda() {
        return lambda;
    }

    /** The power. */
    public EnergyPower power() {
        return power;
    }

    /** The projection, or {@code null} for plain MHE. */
    public NeuronProjection projection() {
        return projection;
    }

    /** The default setting of a hidden layer for a power: half-space, scale 1 (0.1 for a1, a2). */
    public static LayerSetting hiddenDefault(EnergyPower power) {
        boolean smallAngular = power == EnergyPower.ANGULAR_1 || power == EnergyPower.ANGULAR_2;
        return LayerSetting.of(true, smallAngular ? 0.1 : 1);
    }

    /** The default setting of the output layer for a power: plain, scale 10 (1 for angular powers). */
    public static LayerSetting outputDefault(EnergyPower power) {
        return LayerSetting.of(false, power.isAngular() ? 1 : 10);
    }

    /** The setting each layer of the model gets, by layer name, once training has started. */
    public Map<String, LayerSetting> settings(List<EnergyLayer> layers) {
        Map<String, LayerSetting> settings = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i).name();
            LayerSetting fallback = i == layers.size() - 1 ? outputDefault(power) : hiddenDefault(power);
            settings.put(layer, overrides.getOrDefault(layer, fallback));
        }
        for (String layer : overrides.keySet()) {
            if (!settings.containsKey(layer)) {
                throw new IllegalArgumentException("layer setting for '" + layer
                        + "' matches no layer of the model; its layers are " + settings.keySet());
            }
        }
        return settings;
    }

    @Override
    public void onTrainingStart(Learner learner) {
        List<EnergyLayer> layers = EnergyLayer.of(learner.block());
        Map<String, LayerSetting> settings = settings(layers);
        List<Shape> shapes = new ArrayList<>();
        DataType type = DataType.FLOAT32;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (EnergyLayer layer : layers) {
                NDArray neurons = layer.neurons().get();
                shapes.add(neurons.getShape());
                type = neurons.getDataType();
            }
        }
        int[] copies = projection == null ? new int[layers.size()] : projection.prepare(learner, layers, shapes);
        List<CosineEnergy.Term> terms = new ArrayList<>();
        active.clear();
        activeIndex.clear();
        for (int i = 0; i < layers.size(); i++) {
            LayerSetting setting = settings.get(layers.get(i).name());
            if (setting.enabled() && setting.scale() > 0 && lambda > 0) {
                active.add(layers.get(i));
                activeIndex.add(i);
                terms.add(new CosineEnergy.Term(
                        (int) shapes.get(i).get(0),
                        Math.max(1, copies[i]),
                        setting.halfSpace(),
                        lambda * setting.scale()));
            }
        }
        if (energy != null) {
            energy.close();
        }
        energy = new CosineEnergy(power, terms, learner.manager(), type);
        epsilon = Constants.scalar(learner.manager(), HypersphericalEnergy.NORM_EPSILON, type);
    }

    @Override
    public NDArray penalty(StepContext step) {
        if (active.isEmpty()) {
            return step.manager().zeros(new Shape(), energy.dataType());
        }
        List<NDArray> cosines = new ArrayList<>(active.size());
        for (int a = 0; a < active.size(); a++) {
            NDArray neurons = active.get(a).neurons().get();
            NDArray p = projection == null ? null : projection.projections(activeIndex.get(a), step);
            NDArray points = p == null ? neurons : HypersphericalEnergy.project(neurons, p);
            cosines.add(HypersphericalEnergy.cosines(points, epsilon));
        }
        return energy.energy(cosines);
    }

    @Override
    public void onEpochStart(Learner learner, int epoch) {
        if (projection != null) {
            projection.onEpochStart(learner, epoch);
        }
    }

    @Override
    public void onStepEnd(StepContext step) {
        if (projection != null) {
            projection.onStepEnd(step);
        }
    }

    @Override
    public void onEpochEnd(Learner learner, int epoch) {
        if (projection != null) {
            projection.onEpochEnd(learner, epoch);
        }
    }

    @Override
    public Map<String, NDArray> state() {
        return projection == null ? Map.of() : projection.state();
    }

    @Override
    public void loadState(Learner learner, Map<String, NDArray> state) {
        if (projection != null) {
            projection.loadState(learner, state);
        }
    }

    @Override
    public String toString() {
        return name + "(lambda=" + lambda + ", power=" + power + ", layers="
                + active.stream().map(EnergyLayer::name).collect(Collectors.joining(",")) + ")";
    }

    /** Builds an {@link EnergyRegularizer}. */
    public static final class Builder {
        private String name;
        private double lambda = 1e-2;
        private EnergyPower power = EnergyPower.EUCLIDEAN_2;
        private NeuronProjection projection;
        private final Map<String, LayerSetting> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** The name in recipes; {@code mhe} or {@code comhe-<projection>} by default. */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** The weight of the energy, {@code >= 0}; 1e-2 by default. */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** The power; 2 (Euclidean) by default. */
        public Builder optPower(EnergyPower power) {
            this.power = power;
            return this;
        }

        /** The power as 0, 1, 2, a0, a1 or a2. */
        public Builder optPower(String power) {
            this.power = EnergyPower.parse(power);
            return this;
        }

        /** Projects neurons before their energy (CoMHE); none by default (MHE). */
        public Builder optProjection(NeuronProjection projection) {
            this.projection = projection;
            return this;
        }

        /** Overrides the setting of one layer, by name ({@code conv1}, {@code fc2}, ...). */
        public Builder optLayer(String layer, LayerSetting setting) {
            overrides.put(Checks.required("layer", layer), Checks.required("setting", setting));
            return this;
        }

        /** Validates and builds. */
        public EnergyRegularizer build() {
            Checks.atLeast("lambda", lambda, 0);
            Checks.required("power", power);
            return new EnergyRegularizer(this);
        }
    }
}
