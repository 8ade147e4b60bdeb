package org.gentrain.robust;

import java.util.List;
import org.gentrain.arms.ArmPart;
import org.gentrain.arms.ArmProvider;
import org.gentrain.arms.Setting;
import org.gentrain.data.KnownDataset;

/**
 * The robustness baselines as arms: {@code gauss-aug} (Gaussian data augmentation, Cohen et al.,
 * 2019) and {@code pgd-at} (PGD adversarial training, Madry et al., 2018). Attacks work in pixels, so
 * {@code pgd-at} reads the data set whose normalisation its model sees ({@code dataset}); a model
 * whose channels do not match that data set is rejected when training starts.
 */
public final class RobustArms implements ArmProvider {

    private static final Setting DATASET = Setting.choice(
            "dataset",
            "fashion-mnist",
            List.of("fashion-mnist", "mnist", "cifar10", "cifar100"),
            "the data set whose normalisation maps the model's inputs to pixels in [0, 1]");

    @Override
    public List<ArmPart> parts() {
        return List.of(
                ArmPart.objective(GaussianAugmentation.NAME)
                        .setDescription("Gaussian data augmentation (Cohen et al., 2019): train on one noisy copy, "
                                + "sigma in the inputs' normalised units as maxup-gauss")
                        .optSetting(Setting.positive("sigma", 0.25, 100, "standard deviation of the noise"))
                        .setFactory(o -> GaussianAugmentation.builder()
                                .optSigma(o.getDouble("sigma"))
                                .build())
                        .build(),
                ArmPart.objective(AdversarialTraining.NAME)
                        .setDescription("PGD adversarial training (Madry et al., 2018): train on the last PGD iterate")
                        .optSetting(Setting.real("eps", 0.1, 0, 1000, "attack budget in pixels (L-inf: at most 1)"))
                        .optSetting(Setting.integer("steps", 7, 1, 10_000, "PGD steps per batch"))
                        .optSetting(Setting.real("step", 0, 0, 1000, "step size in pixels (0: 2.5 eps / steps)"))
                        .optSetting(Setting.flag("random-start", true, "start from a uniform point of the ball"))
                        .optSetting(Setting.choice("norm", "linf", List.of("linf", "l2"), "the ball's norm"))
                        .optSetting(DATASET)
                        .setFactory(o -> {
                            AdversarialTraining.Builder builder = AdversarialTraining.builder()
                                    .setPixelSpace(PixelSpace.of(KnownDataset.named(o.getString("dataset"))))
                                    .optEps(o.getDouble("eps"))
                                    .optSteps(o.getInt("steps"))
                                    .optRandomStart(o.getBoolean("random-start"))
                                    .optNorm(o.getString("norm").equals("l2") ? Attack.Norm.L2 : Attack.Norm.LINF);
                            if (o.getDouble("step") > 0) {
                                builder.optStepSize(o.getDouble("step"));
                            }
                            return builder.build();
                        })
                        .build());
    }
}
