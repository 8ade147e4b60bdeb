package org.gentrain.ablation;

import java.io.Serializable;

/**
 * One work unit of an ablation: one arm trained with one seed. The units of an ablation are its
 * arms x seeds, arm-major, in the order the single-machine runner trains them; {@code index} is
 * that position, so that results gathered in any order are put back in run order.
 *
 * @param index the unit's position in run order, from 0
 * @param arm the arm's label, as resolved by the {@link org.gentrain.arms.ArmRegistry}
 * @param seed the seed
 */
public record AblationUnit(int index, String arm, long seed) implements Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return arm + " seed " + seed;
    }
}
