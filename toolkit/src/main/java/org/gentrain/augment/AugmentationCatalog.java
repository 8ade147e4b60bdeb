package org.gentrain.augment;

import java.util.List;
import java.util.Locale;
import org.gentrain.train.ArmOptions;

/**
 * Augmentations by name, as the command line and arm settings write them: {@code none}, {@code
 * cutout}, {@code gauss} (or {@code noise}), {@code crop}, {@code flip}, {@code mixup}, {@code
 * cutmix}, chained with {@code +} or {@code ,} ({@code crop+flip+cutout}). Their settings come
 * from the keys {@code cutout-size} (8), {@code sigma} (0.25), {@code crop-padding} (4), {@code
 * flip-probability} (0.5), {@code mixup-alpha} (1), {@code cutmix-alpha} (1); {@code image-size},
 * when given, lets Cutout reject a square larger than the image as it is built.
 */
public final class AugmentationCatalog {

    /** The names {@link #parse} knows. */
    public static final List<String> NAMES = List.of("none", "cutout", "gauss", "crop", "flip", "mixup", "cutmix");

    private AugmentationCatalog() {}

    /**
     * The augmentation a name (or a chain of names) stands for.
     *
     * @throws IllegalArgumentException for an unknown name or a bad setting
     */
    public static Augmentation parse(String spec, ArmOptions options) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("augment must be one of " + NAMES + ", was empty");
        }
        Augmentation chain = null;
        for (String part : spec.split("[+,]")) {
            Augmentation next = single(part.trim().toLowerCase(Locale.ROOT), options);
            chain = chain == null ? next : chain.then(next);
        }
        return chain;
    }

    private static Augmentation single(String name, ArmOptions options) {
        switch (name) {
            case "none":
                return Augmentation.identity();
            case "cutout": {
                Cutout.Builder builder = Cutout.builder().setSize(options.getInt("cutout-size", 8));
                int image = options.getInt("image-size", 0);
                if (image > 0) {
                    builder.optImageSize(image, image);
                }
                return builder.build();
            }
            case "gauss":
            case "noise":
                return GaussianNoise.builder()
                        .optSigma(options.getDouble("sigma", 0.25))
                        .build();
            case "crop":
                return RandomCrop.builder()
                        .optPadding(options.getInt("crop-padding", 4))
                        .build();
            case "flip":
                return HorizontalFlip.builder()
                        .optProbability(options.getDouble("flip-probability", 0.5))
                        .build();
            case "mixup":
                return Mixup.builder()
                        .optAlpha(options.getDouble("mixup-alpha", 1))
                        .build();
            case "cutmix":
                return CutMix.builder()
                        .optAlpha(options.getDouble("cutmix-alpha", 1))
                        .build();
            default:
                throw new IllegalArgumentException(
                        "augment must be one of " + NAMES + " or a chain such as crop+flip+cutout, was '" + name + "'");
        }
    }
}
