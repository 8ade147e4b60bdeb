package org.gentrain.robust;

import ai.djl.ndarray.NDArray;

/**
 * What an attack on one batch produced.
 *
 * @param adversarial the adversarial images {@code [N, C, H, W]}, normalised as the model reads them
 * @param robust per example, whether the model classified it correctly at every iterate the attack
 *     checked (boolean {@code [N]}); its mean is the batch's robust accuracy
 */
public record AttackResult(NDArray adversarial, NDArray robust) {

    /** How many examples withstood the attack. */
    public long robustCount() {
        return robust.toType(ai.djl.ndarray.types.DataType.INT64, false).sum().getLong();
    }
}
