package org.gentrain.maxup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.gentrain.models.BlockSearch;
import org.gentrain.models.MaxPool2x2;
import org.gentrain.models.ResidualBlock;

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
 * them ({@link RunningStatistics}). A batch norm followed by a {@link MaxPool2x2} whose scales are
 * all non-negative normalises after the pooling instead, on a quarter of the values: normalising
 * is then a per-channel map that never decreases, so it commutes with taking a maximum, rounding
 * included. A {@link ResidualBlock} runs part by part (pre-activation, shortcut, branch, each by
 * these rules, then the sum and the post-activation per chunk), so the batch norms inside residual
 * networks are chunked too. Each layer's outputs replace its inputs, which are freed. Any other
 * block that contains a batch norm runs once on the chunks put together, which keeps the result
 * exact for every model and chunks what it can.
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
            List<Block> layers = new ArrayList<>(block.getChildren().values());
            List<NDArray> current = chunks;
            for (int i = 0; i < layers.size(); i++) {
                Block layer = layers.get(i);
                List<NDArray> next;
                if (i + 1 < layers.size()
                        && MaxPool2x2.isPooling(layers.get(i + 1))
                        && isNormalisingAxisOne(layer, current.get(0))
                        && hasNoNegativeScale(layer)) {
                    next = normaliseTogether(layer, current, layers.get(++i));
                } else {
                    next = apply(layer, current);
                }
                if (current != chunks) {
                    release(current, next);
                }
                current = next;
            }
            return current;
        }
        if (block instanceof ResidualBlock) {
            return residual((ResidualBlock) block, chunks);
        }
        if (isNormalisingAxisOne(block, chunks.get(0))) {
            return normaliseTogether(block, chunks, null);
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

    /**
     * A residual block part by part, each part chunk by chunk: {@code p = pre(x)}, the branch on
     * {@code p}, the shortcut on {@code x} or {@code p}, their sum per chunk, then the block's
     * post-activation. Every intermediate array is freed once the sums exist.
     */
    private List<NDArray> residual(ResidualBlock block, List<NDArray> chunks) {
        List<NDArray> pre = block.preactivation() == null ? chunks : apply(block.preactivation(), chunks);
        List<NDArray> shortcutInput = block.shortcutOfPreactivation() ? pre : chunks;
        List<NDArray> skip = block.shortcut() == null ? shortcutInput : apply(block.shortcut(), shortcutInput);
        List<NDArray> branch = apply(block.branch(), pre);
        List<NDArray> sums = new ArrayList<>(chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            sums.add(branch.get(c).add(skip.get(c)));
        }
        Set<NDArray> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(chunks);
        for (List<NDArray> part : List.of(pre, skip, branch)) {
            for (NDArray array : part) {
                if (done.add(array)) {
                    array.close();
                }
            }
        }
        if (block.postactivation() == null) {
            return sums;
        }
        List<NDArray> outputs = apply(block.postactivation(), sums);
        release(sums, outputs);
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

    /**
     * Normalises every chunk with the statistics of all chunks; with a pooling given, pools each
     * chunk first and normalises the pooled chunks with those statistics.
     */
    private List<NDArray> normaliseTogether(Block batchNorm, List<NDArray> chunks, Block pooling) {
        NDArray runningMean = parameter(batchNorm, Parameter.Type.RUNNING_MEAN);
        NDArray runningVar = parameter(batchNorm, Parameter.Type.RUNNING_VAR);
        Shape shape = chunks.get(0).getShape();
        long channels = shape.get(1);
        double count = (double) shape.size() / channels * chunks.size();
        long[] broadcast = new long[shape.dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[1] = channels;

        NDArray sum = null;
        for (NDArray chunk : chunks) {
            NDArray part = channelSums(chunk);
            sum = sum == null ? part : sum.addi(part);
        }
        NDArray mean = sum.divi(count);
        NDArray centre = mean.reshape(broadcast);
        NDArray squares = null;
        for (NDArray chunk : chunks) {
            NDArray deviation = chunk.sub(centre);
            NDArray part = channelSums(deviation.muli(deviation));
            deviation.close();
            squares = squares == null ? part : squares.addi(part);
        }
        NDArray variance = squares.divi(count);

        runningMean.set(new NDIndex(":"), mean);
        runningVar.set(new NDIndex(":"), variance);
        List<NDArray> inputs = chunks;
        if (pooling != null) {
            inputs = new ArrayList<>(chunks.size());
            for (NDArray chunk : chunks) {
                inputs.add(parts.forward(pooling, new NDList(chunk), true).singletonOrThrow());
            }
        }
        List<NDArray> outputs = new ArrayList<>(inputs.size());
        for (NDArray input : inputs) {
            outputs.add(parts.forward(batchNorm, new NDList(input), false).singletonOrThrow());
        }
        if (inputs != chunks) {
            release(inputs, outputs);
        }
        return outputs;
    }

    private static boolean isNormalisingAxisOne(Block block, NDArray input) {
        return block instanceof BatchNorm
                && input.getShape().dimension() >= 2
                && parameter(block, Parameter.Type.RUNNING_MEAN).getShape().size()
                        == input.getShape().get(1);
    }

    /**
     * Whether every channel's scale (gamma) is at least 0, so that normalising never decreases a
     * value. The scales change with every optimizer step, so this reads one boolean to the host per
     * such batch norm and scoring pass (free on the CPU, where PyTorch runs synchronously).
     */
    private static boolean hasNoNegativeScale(Block batchNorm) {
        // closed at once: results of operations on a parameter belong to the model's manager
        try (NDArray negative = parameter(batchNorm, Parameter.Type.GAMMA).lt(0);
                NDArray anyNegative = negative.any()) {
            return !anyNegative.getBoolean();
        }
    }

    private static NDArray parameter(Block batchNorm, Parameter.Type type) {
        for (Pair<String, Parameter> pair : batchNorm.getDirectParameters()) {
            if (pair.getValue().getType() == type) {
                return pair.getValue().getArray();
            }
        }
        throw new IllegalStateException("batch norm without " + type);
    }

    /**
     * The sum over every axis but 1 of {@code x} ({@code [N, C, ...]}), as {@code [C]}: first along
     * each row of {@code [N * C, rest]}, which reads memory in order and is several times faster in
     * PyTorch than one reduction over axes 0, 2 and 3, then over N.
     */
    private static NDArray channelSums(NDArray x) {
        Shape shape = x.getShape();
        long rows = shape.get(0) * shape.get(1);
        try (NDArray byRow = x.reshape(rows, shape.size() / rows);
                NDArray rowSums = byRow.sum(new int[] {1});
                NDArray perExample = rowSums.reshape(shape.get(0), shape.get(1))) {
            return perExample.sum(new int[] {0});
        }
    }
}
