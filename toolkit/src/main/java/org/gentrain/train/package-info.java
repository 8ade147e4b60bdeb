/**
 * The training loop every technique plugs into: {@link org.gentrain.train.Learner} trains one model
 * with one {@link org.gentrain.train.Recipe} (an {@link org.gentrain.train.Objective}, {@link
 * org.gentrain.train.Regularizer}s and {@link org.gentrain.train.ModelTransform}s), every step in a
 * sub-{@code NDManager} closed at its end. Hooks ({@link org.gentrain.train.TrainingHook}) see the
 * run; those that implement {@link org.gentrain.train.EpochMetrics} add table columns. Shared
 * layer: imports no technique.
 */
package org.gentrain.train;
