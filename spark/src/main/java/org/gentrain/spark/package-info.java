/** Ablation sweeps on Apache Spark: one task per arm x seed, the single-machine runner's code path. */
package org.gentrain.spark;
