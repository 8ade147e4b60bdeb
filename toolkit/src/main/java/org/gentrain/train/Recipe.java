package org.gentrain.train;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a training run does, apart from the model and the data: one objective, any number of
 * regularisers and model transforms. Techniques compose here: MaxUp with Cutout as the objective,
 * CoMHE as a regulariser and OPT-Cayley as a transform make one recipe, named {@code
 * maxup-cutout+comhe-rp+opt-cayley}.
 *
 * @param objective the per-batch objective
 * @param regularizers penalties added to the objective's primary loss
 * @param transforms model rewrites applied, in order, before initialisation
 */
public record Recipe(Objective objective, List<Regularizer> regularizers, List<ModelTransform> transforms) {

    /** Validates and freezes the lists. */
    public Recipe {
        Checks.required("objective", objective);
        regularizers = List.copyOf(regularizers);
        transforms = List.copyOf(transforms);
    }

    /** Plain cross-entropy training. */
    public static Recipe erm() {
        return of(new ErmObjective());
    }

    /** A recipe with one objective and nothing else. */
    public static Recipe of(Objective objective) {
        return new Recipe(objective, List.of(), List.of());
    }

    /** This recipe with one more regulariser. */
    public Recipe with(Regularizer regularizer) {
        List<Regularizer> list = new ArrayList<>(regularizers);
        list.add(regularizer);
        return new Recipe(objective, list, transforms);
    }

    /** This recipe with one more model transform. */
    public Recipe with(ModelTransform transform) {
        List<ModelTransform> list = new ArrayList<>(transforms);
        list.add(transform);
        return new Recipe(objective, regularizers, list);
    }

    /**
     * Rejects examples of a shape the recipe cannot train on ({@link Objective#checkInputShape}).
     *
     * @param inputShape one example's shape, such as {@code [1, 28, 28]}
     */
    public void checkInputShape(Shape inputShape) {
        objective.checkInputShape(inputShape);
    }

    /** Every part of the recipe as a training hook, objective first. */
    public List<TrainingHook> hooks() {
        return Stream.concat(
                        Stream.of((TrainingHook) objective), Stream.concat(regularizers.stream(), transforms.stream()))
                .collect(Collectors.toList());
    }

    /** The recipe's name: its parts' names joined with {@code +}. */
    public String name() {
        return Stream.concat(
                        Stream.of(objective.name()),
                        Stream.concat(
                                regularizers.stream().map(Regularizer::name),
                                transforms.stream().map(ModelTransform::name)))
                .collect(Collectors.joining("+"));
    }
}
