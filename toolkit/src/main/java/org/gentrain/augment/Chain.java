package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Two augmentations in turn; {@link #reseed} gives each its own seed derived from one. */
final class Chain implements Augmentation {

    private final Augmentation first;
    private final Augmentation second;

    Chain(Augmentation first, Augmentation second) {
        this.first = java.util.Objects.requireNonNull(first, "first");
        this.second = java.util.Objects.requireNonNull(second, "next");
    }

    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        Augmented a = first.apply(images, targets);
        return second.apply(a.images(), a.targets());
    }

    @Override
    public void checkImageShape(Shape imageShape) {
        first.checkImageShape(imageShape);
        second.checkImageShape(imageShape);
    }

    @Override
    public void reseed(long seed) {
        first.reseed(RandomSource.mix(seed, 1));
        second.reseed(RandomSource.mix(seed, 2));
    }
}
