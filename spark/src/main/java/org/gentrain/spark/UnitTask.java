package org.gentrain.spark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.gentrain.ablation.AblationSpec;
import org.gentrain.ablation.AblationUnit;
import org.gentrain.ablation.UnitOutcome;

/**
 * One Spark task: trains one arm x seed in a JVM of its own ({@link UnitProcess}, which runs the
 * single-machine runner's code path) with a set number of engine threads, and returns its outcome.
 * The unit checkpoints into the results folder after every epoch, so a retried task resumes from
 * the last checkpoint. The process's progress lines go to this JVM's stderr.
 */
final class UnitTask implements Function<AblationUnit, UnitOutcome> {

    private static final long serialVersionUID = 1L;

    /**
     * Test hook: {@code INDEX@EPOCH} makes the first attempt of unit INDEX fail right after its
     * epoch EPOCH's checkpoint is written, to check that Spark's retry resumes from it.
     */
    static final String FAIL_FIRST_ATTEMPT = "gentrain.spark.test.failFirstAttempt";

    private final AblationSpec spec;
    private final int threads;
    private final String failFirstAttempt;

    UnitTask(AblationSpec spec, int threads) {
        this.spec = spec;
        this.threads = threads;
        this.failFirstAttempt = System.getProperty(FAIL_FIRST_ATTEMPT);
    }

    @Override
    public UnitOutcome call(AblationUnit unit) throws Exception {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        if (attempt > 0) {
            System.err.println("spark: " + unit + ", attempt " + (attempt + 1) + ": resuming from its last checkpoint");
        }
        Path folder = Files.createTempDirectory("gentrain-unit");
        try {
            Path in = folder.resolve("unit.in");
            Path out = folder.resolve("unit.out");
            try (var stream = Files.newOutputStream(in)) {
                var objects = new java.io.ObjectOutputStream(stream);
                objects.writeObject(spec);
                objects.writeObject(unit);
                objects.flush();
            }
            List<String> command = command(unit, attempt, assignedGpu(context), in, out);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            Process process = builder.start();
            Deque<String> last = new ArrayDeque<>();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.err.println(line);
                    last.addLast(line);
                    if (last.size() > 40) {
                        last.removeFirst();
                    }
                }
                int code = process.waitFor();
                if (code != 0) {
                    String cause = last.stream()
                            .filter(l -> l.startsWith("gentrain unit "))
                            .findFirst()
                            .orElse(String.join(" | ", last));
                    throw new IllegalStateException("the process of " + unit + " exited with " + code + ": " + cause);
                }
            } finally {
                process.destroyForcibly();
            }
            try (var stream = Files.newInputStream(out)) {
                return (UnitOutcome) UnitProcess.read(stream);
            }
        } finally {
            deleteQuietly(folder);
        }
    }

    private List<String> command(AblationUnit unit, int attempt, String gpu, Path in, Path out) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        if (gpu != null) {
            command.add("-D" + UnitProcess.GPU + "=" + gpu);
        }
        if (attempt == 0 && failFirstAttempt != null) {
            String[] target = failFirstAttempt.split("@");
            if (Integer.parseInt(target[0].trim()) == unit.index()) {
                command.add("-D" + UnitProcess.FAIL_AFTER_EPOCH + "=" + target[1].trim());
            }
        }
        command.add("-cp");
        command.add(classPath());
        command.add(UnitProcess.class.getName());
        command.add(in.toString());
        command.add(out.toString());
        return command;
    }

    /** This JVM's class path, and the jar this class came from (on a cluster, the submitted jar). */
    private static String classPath() {
        String path = System.getProperty("java.class.path");
        try {
            var source = UnitTask.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                String own = Path.of(source.getLocation().toURI()).toString();
                if (!List.of(path.split(File.pathSeparator)).contains(own)) {
                    path = own + File.pathSeparator + path;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // the class path alone
        }
        return path;
    }

    /** The GPU that Spark's resource scheduling assigned to this task, or null (local mode, CPU clusters). */
    private static String assignedGpu(TaskContext context) {
        if (context == null) {
            return null;
        }
        ResourceInformation gpu = context.resourcesJMap().get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0].trim();
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind
        }
    }
}
