package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gentrain.models.BlockSearch;

/**
 * The model's training-mode forward pass over one large batch given as equal chunks, computed
 * chunk by chunk: the outputs are those of one pass over the whole batch (up to rounding), but no
 * activation is larger than one chunk's. MaxUp's fast schedule scores its {@code m} copies of a
 * batch this way, one copy per chunk, so that every copy is normalised by the same statistics and
 * its score depends on its own image only, as in the exact schedule.
 *
 * <p>Layers of a {@link SequentialBlock} run on each chunk in turn. A {@link BatchNorm} (normalising
 * axis 1, DJL's default) normalises every chunk with the mean and biased variance of all chunks
 * together, {@code mu = sum_c sum(x_c) / n}, {@code var = sum_c sum((x_c - mu)^2) / n}: it is run in
 * inference mode with those statistics in place of its running ones, so its own epsilon, scale and
 * shift apply. The running statistics are left holding the batch's statistics; the caller restores
 * them ({@link RunningStatistics}). Each layer's outputs replace its inputs, which are freed. Any
 * other block that contains a batch norm runs once on the chunks put together, which keeps the
 * result exact for every model and chunks what it can.
 */
final class JointlyNormalisedForward {

    /** Runs one block of the model with the model's parameters, such as {@code Learner::forward}. */
    interface PartForward {
        NDList forward(Block part, NDList inputs, boolean training);
    }

    private final PartForward parts;

    JointlyNormalisedForward(PartForward parts) {
        this.parts = parts;
    }

    /** The outputs of {@code block} for each chunk, in order. */
    List<NDArray> apply(Block block, List<NDArray> chunks) {
        if (block instanceof SequentialBlock) {
            List<NDArray> current = chunks;
            for (Block child : block.getChildren().values()) {
                List<NDArray> next = apply(child, current);
                if (current != chunks) {
                    release(current, next);
                }
                current = next;
            }
            return current;
        }
        if (block instanceof BatchNorm && normalisesAxisOne(block, chunks.get(0))) {
            return normaliseTogether(block, chunks);
        }
        if (BlockSearch.contains(block, BatchNorm.class)) {
            return together(block, chunks);
        }
        List<NDArray> outputs = new ArrayList<>(chunks.size());
        for (NDArray chunk : chunks) {
            outputs.add(parts.forward(block, new NDList(chunk), true).singletonOrThrow());
        }
        return outputs;
    }

    /** Frees a layer's intermediate inputs once its outputs exist, unless an output is an input. */
    private static void release(List<NDArray> inputs, List<NDArray> outputs) {
        for (NDArray input : inputs) {
            boolean passedOn = false;
            for (NDArray output : outputs) {
                passedOn |= output == input;
            }
            if (!passedOn) {
                input.close();
            }
        }
    }

    private List<NDArray> together(Block block, List<NDArray> chunks) {
        NDArray all = NDArrays.concat(new NDList(chunks));
        NDArray output = parts.forward(block, new NDList(all), true).singletonOrThrow();
        long rows = chunks.get(0).getShape().get(0);
        List<NDArray> outputs = new ArrayList<>(chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            outputs.add(output.get("{}:{}", c * rows, (c + 1) * rows));
        }
        return outputs;
    }

    private List<NDArray> normaliseTogether(Block batchNorm, List<NDArray> chunks) {
        NDArray runningMean = statistic(batchNorm, Parameter.Type.RUNNING_MEAN);
        NDArray runningVar = statistic(batchNorm, Parameter.Type.RUNNING_VAR);
        NDArray first = chunks.get(0);
        int[] axes = axesOtherThanOne(first.getShape().dimension());
        long[] broadcast = new long[first.getShape().dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[1] = first.getShape().get(1);
        double count = (double) first.getShape().size() / broadcast[1] * chunks.size();

        NDArray sum = null;
        for (NDArray chunk : chunks) {
            NDArray part = chunk.sum(axes);
            sum = sum == null ? part : sum.addi(part);
        }
        NDArray mean = sum.divi(count);
        NDArray centre = mean.reshape(broadcast);
        NDArray squares = null;
        for (NDArray chunk : chunks) {
            NDArray deviation = chunk.sub(centre);
            NDArray part = deviation.muli(deviation).sum(axes);
            squares = squares == null ? part : squares.addi(part);
        }
        NDArray variance = squares.divi(count);

        runningMean.set(new NDIndex(":"), mean);
        runningVar.set(new NDIndex(":"), variance);
        List<NDArray> outputs = new ArrayList<>(chunks.size());
        for (NDArray chunk : chunks) {
            outputs.add(parts.forward(batchNorm, new NDList(chunk), false).singletonOrThrow());
        }
        return outputs;
    }

    private static boolean normalisesAxisOne(Block batchNorm, NDArray input) {
        return input.getShape().dimension() >= 2
                && statistic(batchNorm, Parameter.Type.RUNNING_MEAN).getShape().size() == input.getShape().get(1);
    }

    private static NDArray statistic(Block batchNorm, Parameter.Type type) {
        for (Pair<String, Parameter> pair : batchNorm.getDirectParameters()) {
            if (pair.getValue().getType() == type) {
                return pair.getValue().getArray();
            }
        }
        throw new IllegalStateException("batch norm without " + type);
    }

    private static int[] axesOtherThanOne(int dimensions) {
        int[] axes = new int[dimensions - 1];
        axes[0] = 0;
        for (int i = 2; i < dimensions; i++) {
            axes[i - 1] = i;
        }
        return axes;
    }
}
