package org.gentrain.spark;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.gentrain.ablation.AblationBackend;
import org.gentrain.ablation.AblationConfig;
import org.gentrain.ablation.AblationResult;
import org.gentrain.ablation.AblationSpec;
import org.gentrain.ablation.AblationUnit;
import org.gentrain.ablation.UnitOutcome;

/**
 * An ablation on Apache Spark: every arm x seed is one Spark task (one partition per unit) that
 * trains with the single-machine runner's code path ({@link AblationSpec#runUnit}) in a JVM of its
 * own ({@link UnitProcess}: DJL's PyTorch engine trains one model at a time per process), with a
 * set number of engine threads, checkpointing into the results folder; the driver gathers the
 * outcomes into the same tables, CSV files and charts as {@code gentrain ablate}. A failed task is retried by Spark ({@code local[N,F]} in local
 * mode, {@code spark.task.maxFailures} on a cluster) and resumes from its last checkpoint; a
 * diverged arm is an outcome, not a failure.
 *
 * <p>Found by {@code gentrain ablate --spark MASTER} through {@link AblationBackend}.
 */
public final class SparkAblation implements AblationBackend {

    private SparkMaster master;
    private int threads;

    /** A backend; {@link #configure} sets where it runs. */
    public SparkAblation() {}

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void configure(String masterName, Integer taskThreads) {
        SparkMaster parsed = SparkMaster.parse(masterName);
        if (taskThreads != null && taskThreads < 1) {
            throw new IllegalArgumentException("--task-threads must be >= 1, was " + taskThreads);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (parsed.local()) {
            threads = taskThreads != null ? taskThreads : Math.max(1, cores / parsed.concurrentTasks());
            if (parsed.concurrentTasks() * threads > cores) {
                System.err.println("gentrain: warning: " + parsed.concurrentTasks() + " tasks x " + threads
                        + " engine threads exceed the " + cores + " cores of this machine");
            }
        } else {
            String taskCpus = System.getProperty("spark.task.cpus");
            threads = taskThreads != null ? taskThreads : taskCpus == null ? 1 : Integer.parseInt(taskCpus.trim());
        }
        this.master = parsed;
    }

    /** Engine threads per task, as configured. */
    int threads() {
        return threads;
    }

    @Override
    public AblationResult run(AblationSpec spec, PrintStream progress) {
        if (master == null) {
            throw new IllegalStateException("configure the Spark backend before running it");
        }
        if (spec.output() == null) {
            throw new IllegalArgumentException("--spark needs an output folder: the tasks checkpoint there, "
                    + "and a retried task resumes from it");
        }
        AblationConfig config = spec.prepare();
        List<AblationUnit> units = spec.units();
        SparkConf conf = new SparkConf().setAppName("gentrain ablate " + String.join(",", spec.arms()));
        if (master.local()) {
            conf.setMaster(master.master()).set("spark.ui.enabled", "false");
        }
        if (progress != null) {
            progress.println("spark: " + units.size() + " tasks (" + spec.arms().size() + " arms x "
                    + spec.seeds().size() + " seeds) on "
                    + (master.local() ? master.master() : conf.get("spark.master"))
                    + ", " + threads + " engine thread(s) each");
        }
        long start = System.nanoTime();
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            if (progress != null) {
                progress.printf(java.util.Locale.ROOT, "spark: started in %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            JavaRDD<AblationUnit> tasks = spark.parallelize(units, units.size());
            List<UnitOutcome> outcomes = tasks.map(new UnitTask(spec, threads)).collect();
            return spec.assemble(config, outcomes);
        } catch (RuntimeException e) {
            throw new IllegalStateException(firstLine(e), e);
        }
    }

    /** A failed job's message is a stack of stages; its first line and the task's cause say what happened. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null
                ? e.toString()
                : e.getMessage().lines().findFirst().orElse("");
        if (e instanceof SparkException || root != e) {
            String cause = root.getMessage() == null
                    ? root.toString()
                    : root.getMessage().lines().findFirst().orElse("");
            if (!message.contains(cause)) {
                message = message + " (" + cause + ")";
            }
        }
        return message;
    }
}
