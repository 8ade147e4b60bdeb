package org.gentrain.ablation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gentrain.maxup.MaxUp;
import org.gentrain.complement.ComplementObjectiveTraining;
import org.gentrain.complement.GuidedComplementEntropy;
import org.gentrain.complement.GuidedComplementObjective;
import org.gentrain.energy.AdversarialProjection;
import org.gentrain.energy.AnglePreservingProjection;
import org.gentrain.energy.EnergyRegularizer;
import org.gentrain.energy.HypersphericalEnergy;
import org.gentrain.energy.NeuronProjection;
import org.gentrain.energy.RandomProjections;
import org.gentrain.orthogonal.OptTransform;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.ErmObjective;
import org.gentrain.train.ModelTransform;
import org.gentrain.train.Objective;
import org.gentrain.train.Recipe;
import org.gentrain.train.Regularizer;

/**
 * The names that the {@code train}, {@code bench} and {@code ablate} commands and {@link Ablation}
 * understand, and the recipes they stand for. An arm name joins parts with {@code +}: exactly one
 * objective (default {@code erm}), any regularisers and transforms, as in {@code
 * maxup-cutout+comhe-rp+opt-cayley}. The techniques' packages never see each other; they meet
 * here.
 */
public final class ArmCatalog {

    private static final Map<String, Function<ArmOptions, Objective>> OBJECTIVES = new LinkedHashMap<>();
    private static final Map<String, Function<ArmOptions, Regularizer>> REGULARIZERS =
            new LinkedHashMap<>();
    private static final Map<String, Function<ArmOptions, ModelTransform>> TRANSFORMS =
            new LinkedHashMap<>();

    static {
        // Objectives.
        OBJECTIVES.put("erm", o -> new ErmObjective());
        OBJECTIVES.put("maxup", o -> MaxUp.fromOptions("maxup", o, "cutout", MaxUp.Schedule.FAST));
        OBJECTIVES.put("maxup-cutout", o -> MaxUp.fromOptions("maxup-cutout", o.with("augment", "cutout"), "cutout", MaxUp.Schedule.FAST));
        OBJECTIVES.put("maxup-gauss", o -> MaxUp.fromOptions("maxup-gauss", o.with("augment", "gauss"), "gauss", MaxUp.Schedule.FAST));
        OBJECTIVES.put("maxup-cutout-exact", o -> MaxUp.fromOptions("maxup-cutout-exact",
                o.with("augment", "cutout").with("schedule", "exact"), "cutout", MaxUp.Schedule.EXACT));
        OBJECTIVES.put("cot", o -> ComplementObjectiveTraining.builder().build());
        OBJECTIVES.put("cot-single", o -> ComplementObjectiveTraining.builder()
                .optSingleStep(o.getDouble("gamma", 1.0)).build());
        OBJECTIVES.put("gce", o -> new GuidedComplementObjective(
                o.getDouble("alpha", GuidedComplementEntropy.DEFAULT_ALPHA)));
        // Regularisers.
        REGULARIZERS.put("mhe", o -> energyRegularizer(o, null));
        REGULARIZERS.put("comhe-rp", o -> energyRegularizer(o, randomProjections(o, 0)));
        REGULARIZERS.put("comhe-group", o -> energyRegularizer(o, randomProjections(o, groupSize(o))));
        REGULARIZERS.put("comhe-ap", o -> energyRegularizer(o, new AnglePreservingProjection(o.getInt("dims", 30),
                o.getInt("projections", 5), o.getInt("projection-steps", 1), o.getDouble("projection-rate", 0.01))));
        REGULARIZERS.put("comhe-adv", o -> energyRegularizer(o, new AdversarialProjection(o.getInt("dims", 30),
                o.getInt("projections", 5), o.getInt("projection-steps", 3), o.getDouble("projection-rate", 0.01),
                HypersphericalEnergy.builder().optPower(o.getString("power", "2")).optHalfSpace(true).build())));
        // Model transforms.
        for (String method : List.of("gs", "cayley", "householder", "lowdin", "ogd", "soft", "stochastic")) {
            TRANSFORMS.put("opt-" + method, o -> OptTransform.of(method, o));
        }
    }

    private ArmCatalog() {}

    /** MHE (projection null) or CoMHE; keys lambda (1e-2) and power (2). */
    private static Regularizer energyRegularizer(ArmOptions o, NeuronProjection projection) {
        return EnergyRegularizer.builder()
                .optLambda(o.getDouble("lambda", 1e-2))
                .optPower(o.getString("power", "2"))
                .optProjection(projection)
                .build();
    }

    /** The group variant's group size (key group-size, default 8), at least 1. */
    private static int groupSize(ArmOptions o) {
        int size = o.getInt("group-size", 8);
        if (size < 1) {
            throw new IllegalArgumentException("group-size must be >= 1, was " + size);
        }
        return size;
    }

    /** CoMHE's random projections; keys dims (30), projections (5), fixed (false). */
    private static RandomProjections randomProjections(ArmOptions o, int groupSize) {
        return RandomProjections.builder()
                .optDims(o.getInt("dims", 30))
                .optProjections(o.getInt("projections", 5))
                .optGroupSize(groupSize)
                .optFixed(Boolean.parseBoolean(o.getString("fixed", "false")))
                .build();
    }

    /** The objective names, in catalog order. */
    public static List<String> objectives() {
        return List.copyOf(OBJECTIVES.keySet());
    }

    /** The regulariser names, in catalog order. */
    public static List<String> regularizers() {
        return List.copyOf(REGULARIZERS.keySet());
    }

    /** The model transform names, in catalog order. */
    public static List<String> transforms() {
        return List.copyOf(TRANSFORMS.keySet());
    }

    /** The objective of that name. */
    public static Objective objective(String name, ArmOptions options) {
        return lookup(OBJECTIVES, "objective", name).apply(options);
    }

    /** The regulariser of that name. */
    public static Regularizer regularizer(String name, ArmOptions options) {
        return lookup(REGULARIZERS, "regulariser", name).apply(options);
    }

    /** The model transform of that name. */
    public static ModelTransform transform(String name, ArmOptions options) {
        return lookup(TRANSFORMS, "transform", name).apply(options);
    }

    /**
     * The recipe an arm name stands for, such as {@code maxup-cutout+comhe-rp+opt-cayley}.
     *
     * @throws IllegalArgumentException naming the unknown part and the known names
     */
    public static Recipe recipe(String arm, ArmOptions options) {
        if (arm == null || arm.isBlank()) {
            throw new IllegalArgumentException("arm must be a name such as erm, was empty");
        }
        Objective objective = null;
        List<Regularizer> regularizers = new ArrayList<>();
        List<ModelTransform> transforms = new ArrayList<>();
        for (String part : arm.trim().split("\\+")) {
            String name = part.trim();
            if (OBJECTIVES.containsKey(name)) {
                if (objective != null) {
                    throw new IllegalArgumentException(
                            "arm '" + arm + "' names two objectives: " + objective.name() + " and " + name);
                }
                objective = OBJECTIVES.get(name).apply(options);
            } else if (REGULARIZERS.containsKey(name)) {
                regularizers.add(REGULARIZERS.get(name).apply(options));
            } else if (TRANSFORMS.containsKey(name)) {
                transforms.add(TRANSFORMS.get(name).apply(options));
            } else {
                throw new IllegalArgumentException(
                        "unknown part '" + name + "' in arm '" + arm + "'; known: " + knownNames());
            }
        }
        return new Recipe(objective == null ? new ErmObjective() : objective, regularizers, transforms);
    }

    /** Every known name, grouped by kind, for error messages and help. */
    public static String knownNames() {
        return "objectives "
                + OBJECTIVES.keySet()
                + ", regularisers "
                + REGULARIZERS.keySet()
                + ", transforms "
                + TRANSFORMS.keySet();
    }

    static <T> T lookup(Map<String, T> map, String kind, String name) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "unknown " + kind + " '" + name + "'; known: " + Collections.unmodifiableSet(map.keySet()));
        }
        return value;
    }
}
