package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A random transformation of a batch of images {@code [N, C, H, W]}, drawn independently for every
 * row, on the images' device, in batched array operations (no per-example loop over arrays).
 * Mixing augmentations (mixup, CutMix) also mix the targets.
 *
 * <p>Each augmentation owns a seeded {@link RandomSource}: the same seed gives the same output.
 * {@link #reseed} restarts it; MaxUp reseeds its augmentation from the run's seed at the start of
 * every epoch, so a run resumed at an epoch boundary draws the same copies.
 *
 * <pre>{@code
 * Augmentation standard = RandomCrop.builder().optPadding(4).build()
 *         .then(HorizontalFlip.builder().build())
 *         .then(Cutout.builder().setSize(8).build());
 * }</pre>
 */
public interface Augmentation {

    /** The augmentation's name, such as {@code cutout}. */
    String name();

    /**
     * Augments a batch.
     *
     * @param images {@code [N, C, H, W]}
     * @param targets the batch's targets
     * @return the augmented images, same shape, and their targets
     */
    Augmented apply(NDArray images, Targets targets);

    /** Augments a batch with plain integer labels {@code [N]}. */
    default Augmented apply(NDArray images, NDArray labels) {
        return apply(images, Targets.of(labels));
    }

    /**
     * Rejects images this augmentation cannot transform, before any training starts. Accepts every
     * shape unless overridden.
     *
     * @param imageShape one image's shape, {@code [C, H, W]} (or a batch's, {@code [N, C, H, W]})
     * @throws IllegalArgumentException naming the setting and the range these images allow
     */
    default void checkImageShape(Shape imageShape) {}

    /** Restarts the random source from {@code seed}. */
    void reseed(long seed);

    /** This augmentation, then {@code next} on its output. */
    default Augmentation then(Augmentation next) {
        return new Chain(this, next);
    }

    /** The augmentation that changes nothing. */
    static Augmentation identity() {
        return Identity.INSTANCE;
    }
}
