package org.gentrain.spark;

import org.gentrain.cli.GentrainCommand;

/**
 * The gentrain-spark jar's entry point: the toolkit's command line ({@code gentrain ablate ...}
 * with its options), with the Spark backend on the class path, so that {@code ablate --spark
 * MASTER} trains on Spark. The gentrain launcher runs it for {@code ablate --spark}; on a cluster,
 * {@code spark-submit --class org.gentrain.spark.SparkAblate gentrain-spark-*-all.jar ablate
 * --spark submit ...}.
 */
public final class SparkAblate {

    private SparkAblate() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(GentrainCommand.execute(args));
    }
}
