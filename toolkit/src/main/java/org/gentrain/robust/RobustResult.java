package org.gentrain.robust;

/**
 * The robust accuracy of a model under one attack at one budget over a test set.
 *
 * @param column the evaluation's column name, such as {@code pgd_acc@0.1}
 * @param attack the attack
 * @param robust how many examples withstood it
 * @param total how many examples were attacked
 */
public record RobustResult(String column, Attack attack, long robust, long total) {

    /** The fraction of examples that withstood the attack. */
    public double accuracy() {
        return total == 0 ? 0 : (double) robust / total;
    }
}
