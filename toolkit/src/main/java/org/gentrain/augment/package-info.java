/**
 * Batched, seeded image augmentations (Gaussian noise, Cutout, random crop, flip, mixup, CutMix),
 * chained with {@code then}; MaxUp draws its copies with them.
 */
package org.gentrain.augment;
