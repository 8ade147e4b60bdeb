package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The running means and variances of a model's batch norms, which a training-mode forward pass
 * updates in place: MaxUp's scoring pass saves them first and puts them back afterwards, so that
 * only the pass that trains moves them, as in plain training.
 */
final class RunningStatistics {

    private final List<NDArray> arrays = new ArrayList<>();

    RunningStatistics(Block block) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter.Type type = pair.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                arrays.add(pair.getValue().getArray());
            }
        }
    }

    /** Whether the model has any. */
    boolean isEmpty() {
        return arrays.isEmpty();
    }

    /** Copies of the current values, in {@code manager}. */
    List<NDArray> save(NDManager manager) {
        List<NDArray> saved = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            NDArray copy = array.duplicate();
            copy.attach(manager);
            saved.add(copy);
        }
        return saved;
    }

    /** Writes saved values back in place. */
    void restore(List<NDArray> saved) {
        for (int i = 0; i < arrays.size(); i++) {
            arrays.get(i).subi(arrays.get(i)).addi(saved.get(i));
        }
    }
}
