package org.gentrain.train;

import ai.djl.ndarray.NDArray;

/**
 * A random transformation of every training batch, applied by the {@link Learner} on the device
 * before the objective sees the batch (so a technique that augments, such as MaxUp, draws its
 * copies on top of it); evaluation never applies it. Each batch's draw comes from a seed the
 * learner derives from the run's seed, the epoch and the step within it, so that the same run
 * draws the same, and a run resumed from a checkpoint continues exactly.
 */
public interface TrainAugmentation {

    /**
     * The augmented batch: a new array of the same shape, {@code [batch, channels, height, width]}.
     *
     * @param images the batch as gathered from the data, in the step's scope
     * @param seed the seed of this batch's draw
     */
    NDArray apply(NDArray images, long seed);

    /** The augmentation in words for logs and configs, such as {@code crop-flip:4}. */
    String describe();

    /**
     * Random crop with zero padding and random horizontal flip, the CIFAR augmentation of He et al.
     * 2016 and of every paper the toolkit reproduces ({@code RandomCrop(32, padding=4)} then {@code
     * RandomHorizontalFlip()} in torchvision): see {@link CropFlip}.
     *
     * @param padding the padding on each side, {@code >= 0} (4 for CIFAR)
     */
    static TrainAugmentation cropFlip(int padding) {
        return new CropFlip(padding, true);
    }

    /**
     * The augmentation a name stands for: {@code none} (null) or {@code crop-flip:P}, as {@link
     * #describe()} writes it.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    static TrainAugmentation parse(String text) {
        String spec = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (spec.equals("none")) {
            return null;
        }
        if (spec.startsWith("crop-flip:")) {
            int padding;
            try {
                padding = Integer.parseInt(spec.substring("crop-flip:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "train-augmentation must be none or crop-flip:P (P >= 0 pixels), was '" + text + "'", e);
            }
            try {
                return cropFlip(padding);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("train-augmentation: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(
                "train-augmentation must be none or crop-flip:P (P >= 0 pixels), was '" + text + "'");
    }
}
