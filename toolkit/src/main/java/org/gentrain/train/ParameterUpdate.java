package org.gentrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;

/**
 * An update rule that replaces the optimizer's for one parameter, such as a Riemannian step that
 * keeps a matrix orthogonal. It must update {@code weight} in place.
 */
@FunctionalInterface
public interface ParameterUpdate {

    /**
     * Updates {@code weight} in place from {@code grad}.
     *
     * @param parameterId the parameter's id
     * @param weight the parameter's array, to update in place
     * @param grad the gradient of the step's loss with respect to {@code weight}
     * @param optimizer the optimizer of this step, for its learning rate and state
     */
    void update(String parameterId, NDArray weight, NDArray grad, Optimizer optimizer);
}
