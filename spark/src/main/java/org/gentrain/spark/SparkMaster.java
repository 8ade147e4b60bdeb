package org.gentrain.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --spark} value: a local master ({@code local}, {@code local[N]}, {@code local[*]},
 * {@code local[N,F]} with F attempts per task) run in this JVM, or {@code submit}: the master that
 * {@code spark-submit} set. How many tasks run at once in this JVM follows from it.
 *
 * @param master the master to set, or null under spark-submit
 * @param concurrentTasks tasks that run at once in one JVM (local mode), or 0 when not known here
 */
record SparkMaster(String master, int concurrentTasks) {

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,(\\d+))?\\])?");

    /** Parses a {@code --spark} value. */
    static SparkMaster parse(String value) {
        String given = value == null ? "" : value.trim();
        if (given.equals("submit")) {
            if (System.getProperty("spark.master") == null) {
                throw new IllegalArgumentException("--spark submit: no master was given by spark-submit "
                        + "(spark.master is not set); run the gentrain-spark jar with spark-submit --master ...");
            }
            return new SparkMaster(null, 0);
        }
        Matcher local = LOCAL.matcher(given);
        if (!local.matches()) {
            throw new IllegalArgumentException("--spark must be local, local[N], local[*], local[N,F] or submit "
                    + "(for a cluster: spark-submit the gentrain-spark jar with --spark submit), was '" + value + "'");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String tasks = local.group(1);
        int n = tasks == null ? 1 : tasks.equals("*") ? cores : Integer.parseInt(tasks);
        if (n < 1) {
            throw new IllegalArgumentException("--spark " + value + ": the number of tasks must be >= 1");
        }
        if (local.group(2) != null && Integer.parseInt(local.group(2)) < 1) {
            throw new IllegalArgumentException("--spark " + value + ": the attempts per task must be >= 1");
        }
        return new SparkMaster(given, n);
    }

    /** Whether this runs in local mode (all tasks in this JVM). */
    boolean local() {
        return master != null;
    }
}
