package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.gentrain.train.Checks;

/**
 * CutMix (Yun et al. 2019): pastes a box of a partner image (a random permutation of the batch)
 * into each image and mixes the targets by area. As in the authors' code: {@code lambda ~
 * Beta(alpha, alpha)} ({@code alpha = 1}), a box of {@code floor(H sqrt(1 - lambda)) x floor(W
 * sqrt(1 - lambda))} centred uniformly and clipped at the borders, then {@code lambda} is
 * recomputed from the clipped box, {@code lambda = 1 - box area / (H W)}, and the targets become
 * {@code lambda t_i + (1 - lambda) t_perm(i)}. Every image draws its own box (the authors' code
 * draws one per batch).
 */
public final class CutMix extends SeededAugmentation {

    private final double alpha;

    private CutMix(Builder builder) {
        super(builder.seed);
        this.alpha = builder.alpha;
    }

    /** A builder; alpha 1 by default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "cutmix";
    }

    @Override
    public Augmented apply(NDArray images, Targets targets) {
        requireImages(images);
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        NDManager manager = images.getManager();
        int[] order = random.permutation(n);
        double[] lambda = random.beta(n, alpha, alpha);
        int[] y0 = new int[n];
        int[] y1 = new int[n];
        int[] x0 = new int[n];
        int[] x1 = new int[n];
        for (int i = 0; i < n; i++) {
            double ratio = Math.sqrt(1 - lambda[i]);
            int cutH = (int) (h * ratio);
            int cutW = (int) (w * ratio);
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            y0[i] = Math.max(0, Math.min(h, cy - cutH / 2));
            y1[i] = Math.max(0, Math.min(h, cy + cutH / 2));
            x0[i] = Math.max(0, Math.min(w, cx - cutW / 2));
            x1[i] = Math.max(0, Math.min(w, cx + cutW / 2));
            lambda[i] = 1 - (double) (y1[i] - y0[i]) * (x1[i] - x0[i]) / ((double) h * w);
        }
        NDArray partner = ints(manager, order, new Shape(n));
        NDArray box = boxMask(manager, y0, y1, x0, x1, h, w);
        NDArray other = images.get(new NDIndex("{}", partner));
        NDArray mixed = NDArrays.where(box.broadcast(images.getShape()), other, images);
        return new Augmented(mixed, targets.mix(partner, manager.create(lambda, new Shape(n))));
    }

    /** Builds {@link CutMix}. */
    public static final class Builder {
        private double alpha = 1;
        private long seed = 0x6375746d6978L;

        /** The Beta distribution's parameter, {@code > 0}; 1 by default. */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** The seed of the random source. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public CutMix build() {
            Checks.positive("cutmix alpha", alpha);
            return new CutMix(this);
        }
    }
}
