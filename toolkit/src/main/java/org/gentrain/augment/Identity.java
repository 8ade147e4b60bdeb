package org.gentrain.augment;

import ai.djl.ndarray.NDArray;

/** Leaves the batch as it is. */
final class Identity implements Augmentation {

    static final Identity INSTANCE = new Identity();

    private Identity() {}

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        return new Augmented(images, targets);
    }

    @Override
    public void reseed(long seed) {}
}
