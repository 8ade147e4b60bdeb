package org.gentrain.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmProvider;
import org.gentrain.arms.Setting;
import org.gentrain.train.ArmOptions;
import org.gentrain.train.TrainingHook;

/**
 * The hyperspherical-energy arms: {@code mhe} (Liu et al., 2018) and the compressive variants
 * {@code comhe-rp}, {@code comhe-group}, {@code comhe-ap} and {@code comhe-adv} (Lin et al., 2020);
 * and the {@link EnergyTracker} probe that gives every ablation its {@code energy_<layer>} columns.
 */
public final class EnergyArms implements ArmProvider {

    private static final Setting LAMBDA = Setting.real("lambda", 1e-2, 0, 1e6, "weight of the energy in the loss");
    private static final Setting POWER = Setting.choice(
            "power",
            "2",
            List.of("0", "1", "2", "a0", "a1", "a2"),
            "the energy's power s (a: angular distance; 0: logarithmic)");
    private static final Setting DIMS = Setting.integer("dims", 30, 1, 1_000_000, "dimensions of each projection (k)");
    private static final Setting PROJECTIONS = Setting.integer("projections", 5, 1, 10_000, "projections averaged");

    @Override
    public List<ArmPart> parts() {
        return List.of(
                part("mhe", "minimum hyperspherical energy of every conv and linear layer", List.of(), o -> null),
                part(
                        "comhe-rp",
                        "compressive MHE with random projections, redrawn every step",
                        List.of(
                                DIMS,
                                PROJECTIONS,
                                Setting.flag("fixed", false, "draw the projections once, not every step")),
                        o -> randomProjections(o, 0)),
                part(
                        "comhe-group",
                        "compressive MHE, random projections of groups of neurons",
                        List.of(
                                DIMS,
                                PROJECTIONS,
                                Setting.flag("fixed", false, "draw the projections once, not every step"),
                                Setting.integer("group-size", 8, 1, 1_000_000, "neurons per group")),
                        o -> randomProjections(o, o.getInt("group-size"))),
                part(
                        "comhe-ap",
                        "compressive MHE, angle-preserving projections learned alongside the network",
                        List.of(DIMS, PROJECTIONS, projectionSteps(1), projectionRate()),
                        o -> new AnglePreservingProjection(
                                o.getInt("dims"),
                                o.getInt("projections"),
                                o.getInt("projection-steps"),
                                o.getDouble("projection-rate"))),
                part(
                        "comhe-adv",
                        "compressive MHE, projections trained to maximise the energy (adversarial)",
                        List.of(DIMS, PROJECTIONS, projectionSteps(3), projectionRate()),
                        o -> new AdversarialProjection(
                                o.getInt("dims"),
                                o.getInt("projections"),
                                o.getInt("projection-steps"),
                                o.getDouble("projection-rate"),
                                HypersphericalEnergy.builder()
                                        .optPower(o.getString("power"))
                                        .optHalfSpace(true)
                                        .build())));
    }

    @Override
    public List<Supplier<? extends TrainingHook>> probes() {
        return List.of(EnergyTracker::new);
    }

    private static Setting projectionSteps(int defaultSteps) {
        return Setting.integer("projection-steps", defaultSteps, 1, 1000, "updates of the projections per step");
    }

    private static Setting projectionRate() {
        return Setting.positive("projection-rate", 0.01, 1000, "learning rate of the projections");
    }

    private static ArmPart part(
            String name, String description, List<Setting> own, Function<ArmOptions, NeuronProjection> projection) {
        List<Setting> settings = new ArrayList<>(List.of(LAMBDA, POWER));
        settings.addAll(own);
        return ArmPart.regularizer(name)
                .setDescription(description)
                .optSettings(settings)
                .setFactory(o -> EnergyRegularizer.builder()
                        .optLambda(o.getDouble("lambda"))
                        .optPower(o.getString("power"))
                        .optProjection(projection.apply(o))
                        .build())
                .build();
    }

    private static RandomProjections randomProjections(ArmOptions o, int groupSize) {
        return RandomProjections.builder()
                .optDims(o.getInt("dims"))
                .optProjections(o.getInt("projections"))
                .optGroupSize(groupSize)
                .optFixed(o.getBoolean("fixed"))
                .build();
    }
}
