package org.gentrain.maxup;

import java.util.List;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmProvider;
import org.gentrain.arms.Setting;

/**
 * MaxUp's arms: {@code maxup} (any augmentation), and the presets {@code maxup-cutout}, {@code
 * maxup-gauss} and {@code maxup-cutout-exact} of the benchmark protocol (m = 4, Cutout 8 x 8 or
 * noise 0.25, the fast schedule unless named exact).
 */
public final class MaxUpArms implements ArmProvider {

    /** Every setting a MaxUp arm may read; an augmentation reads only its own. */
    static final List<Setting> SETTINGS = List.of(
            Setting.integer("copies", 4, 1, 1024, "augmented copies per example (m)"),
            Setting.text(
                    "augment",
                    "cutout",
                    "augmentation drawing the copies: none, cutout, gauss, crop, flip, mixup, cutmix, chained with +"),
            Setting.choice(
                    "schedule",
                    "fast",
                    List.of("fast", "exact"),
                    "fast: score copies without a graph, backward on the worst; exact: backward through all m"),
            Setting.integer("warmup-epochs", 0, 0, 100_000, "first epochs trained with m = 1"),
            Setting.integer("cutout-size", 8, 1, 4096, "side of Cutout's square, in pixels"),
            Setting.positive("sigma", 0.25, 100, "standard deviation of Gaussian noise"),
            Setting.integer("crop-padding", 4, 0, 1024, "zero padding of random crops, in pixels"),
            Setting.real("flip-probability", 0.5, 0, 1, "probability of a horizontal flip"),
            Setting.positive("mixup-alpha", 1, 1000, "Beta(alpha, alpha) of mixup's weights"),
            Setting.positive("cutmix-alpha", 1, 1000, "Beta(alpha, alpha) of CutMix's box areas"),
            Setting.integer(
                    "image-size",
                    0,
                    0,
                    4096,
                    "lets Cutout reject a larger square when built (0: checked against the data)"));

    @Override
    public List<ArmPart> parts() {
        return List.of(
                preset(
                                "maxup",
                                "MaxUp (Gong et al., 2020): trains on the worst of m augmented copies of each example",
                                MaxUp.Schedule.FAST)
                        .build(),
                preset("maxup-cutout", "MaxUp with Cutout 8 x 8, m = 4", MaxUp.Schedule.FAST)
                        .optFixed("augment", "cutout")
                        .build(),
                preset("maxup-gauss", "MaxUp with Gaussian noise 0.25, m = 4", MaxUp.Schedule.FAST)
                        .optFixed("augment", "gauss")
                        .build(),
                preset(
                                "maxup-cutout-exact",
                                "MaxUp with Cutout, backward through all m copies (the authors' code)",
                                MaxUp.Schedule.EXACT)
                        .optFixed("augment", "cutout")
                        .optFixed("schedule", "exact")
                        .build());
    }

    private static ArmPart.Builder preset(String name, String description, MaxUp.Schedule schedule) {
        return ArmPart.objective(name)
                .setDescription(description)
                .optSettings(SETTINGS)
                .setFactory(o -> MaxUp.fromOptions(name, o, "cutout", schedule));
    }
}
