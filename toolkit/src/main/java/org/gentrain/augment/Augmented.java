package org.gentrain.augment;

import ai.djl.ndarray.NDArray;

/**
 * An augmented batch: the images and their (possibly mixed) targets.
 *
 * @param images {@code [N, C, H, W]}
 * @param targets the targets of the same {@code N} rows
 */
public record Augmented(NDArray images, Targets targets) {}
