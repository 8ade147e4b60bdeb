package org.gentrain.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The training targets of an augmented batch: a mixture of integer label vectors with
 * per-example weights, {@code t_i = sum_k w_k[i] * onehot(y_k[i])}, {@code sum_k w_k[i] = 1}.
 * Plain labels are one component of weight 1; mixup and CutMix double the components (each
 * example's own labels and its partner's). A loss that is linear in the target, such as
 * cross-entropy, is then {@code L(z, t_i) = sum_k w_k[i] * L(z, y_k[i])} (as the mixup and CutMix
 * authors compute it), so any per-example loss on integer labels takes mixed targets.
 */
public final class Targets {

    private final List<NDArray> labels;
    private final List<NDArray> weights;

    private Targets(List<NDArray> labels, List<NDArray> weights) {
        this.labels = List.copyOf(labels);
        this.weights = weights == null ? null : List.copyOf(weights);
    }

    /** Plain integer labels {@code [N]}: one component of weight 1. */
    public static Targets of(NDArray labels) {
        return new Targets(List.of(labels.toType(DataType.INT64, false)), null);
    }

    /** The label vectors, one per component, each {@code [N]}. */
    public List<NDArray> labels() {
        return labels;
    }

    /** Whether these are plain labels (one component of weight 1). */
    public boolean isPlain() {
        return weights == null;
    }

    /** The weights {@code [N]} of component {@code k}; plain labels weigh 1. */
    public NDArray weight(int k) {
        if (weights == null) {
            NDArray first = labels.get(0);
            return first.getManager().ones(first.getShape(), DataType.FLOAT32);
        }
        return weights.get(k);
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive) of every component, as views. */
    public Targets rows(long from, long to) {
        return eachComponent(array -> array.get("{}:{}", from, to));
    }

    /** The rows {@code index} (int64 {@code [M]}) of every component. */
    public Targets select(NDArray index) {
        NDIndex rows = new NDIndex("{}", index);
        return eachComponent(array -> array.get(rows));
    }

    /** The same rows taken from every label vector and weight vector. */
    private Targets eachComponent(Function<NDArray, NDArray> rows) {
        List<NDArray> l = new ArrayList<>();
        for (NDArray array : labels) {
            l.add(rows.apply(array));
        }
        if (weights == null) {
            return new Targets(l, null);
        }
        List<NDArray> w = new ArrayList<>();
        for (NDArray array : weights) {
            w.add(rows.apply(array));
        }
        return new Targets(l, w);
    }

    /**
     * These targets mixed with the targets of each example's partner: {@code lambda * t_i + (1 -
     * lambda) * t_partner(i)}.
     *
     * @param partner int64 {@code [N]}: the partner of each example
     * @param lambda float {@code [N]}: the weight each example keeps
     */
    public Targets mix(NDArray partner, NDArray lambda) {
        NDIndex rows = new NDIndex("{}", partner);
        NDArray keep = lambda.toType(DataType.FLOAT32, false);
        NDArray give = keep.onesLike().sub(keep);
        List<NDArray> l = new ArrayList<>();
        List<NDArray> w = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            l.add(labels.get(k));
            w.add(weight(k).mul(keep));
        }
        for (int k = 0; k < labels.size(); k++) {
            l.add(labels.get(k).get(rows));
            w.add(weight(k).get(rows).mul(give));
        }
        return new Targets(l, w);
    }

    /**
     * The per-example loss for these targets, {@code sum_k w_k * loss(y_k)}.
     *
     * @param loss the per-example loss {@code [N]} for one label vector
     */
    public NDArray perExample(Function<NDArray, NDArray> loss) {
        NDArray first = loss.apply(labels.get(0));
        if (weights == null) {
            return first;
        }
        NDArray total = first.mul(weights.get(0).toType(first.getDataType(), false));
        for (int k = 1; k < labels.size(); k++) {
            NDArray w = weights.get(k).toType(first.getDataType(), false);
            total = total.add(loss.apply(labels.get(k)).mul(w));
        }
        return total;
    }

    /** The targets as class probabilities {@code [N, classes]}, float32. */
    public NDArray probabilities(int classes) {
        NDArray sum = null;
        for (int k = 0; k < labels.size(); k++) {
            NDArray part = labels.get(k)
                    .oneHot(classes, DataType.FLOAT32)
                    .mul(weight(k).expandDims(1));
            sum = sum == null ? part : sum.add(part);
        }
        return sum;
    }
}
