package org.gentrain.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests need from outside the JVM: the repository, Jupyter and Python from
 * Debian, the "Java (gentrain)" kernelspec installed into a temporary Jupyter path, and processes
 * run with a time limit and their output kept. Where Jupyter is missing the tests fail (never
 * skip) with {@link #INSTALL_HINT}.
 */
public final class Jupyter {

    /** What a machine without Jupyter lacks, said the way a failing test says it. */
    public static final String INSTALL_HINT =
            "Jupyter is needed for the notebook and kernel tests. On Debian or Ubuntu: "
                    + "apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test "
                    + "(.ci/run does this)";

    /** The kernelspec name the tests install and the notebooks ask for. */
    public static final String KERNEL = "gentrain-java";

    private Jupyter() {}

    /** The repository's root folder (system property {@code gentrain.root}, set by the pom). */
    public static Path root() {
        String root = System.getProperty("gentrain.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        if (!Files.exists(path.resolve("kernel-config").resolve("install.sh"))) {
            fail("gentrain.root must be the repository root holding kernel-config/install.sh, was "
                    + path.toAbsolutePath());
        }
        return path.toAbsolutePath().normalize();
    }

    /** Debian's python3, which has nbclient and jupyter_kernel_test (not a pyenv or venv one). */
    public static String python() {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Result check = run(
                List.of(python, "-c", "import nbclient, nbconvert, jupyter_client, jupyter_kernel_test"),
                null,
                Map.of(),
                60);
        if (check.exitCode() != 0) {
            fail(INSTALL_HINT + "\n" + python + " could not import them:\n" + check.output());
        }
        return python;
    }

    /** Debian's jupyter command (or the one on the PATH). */
    public static String jupyter() {
        String jupyter = Files.isExecutable(Path.of("/usr/bin/jupyter")) ? "/usr/bin/jupyter" : "jupyter";
        Result check = run(List.of(jupyter, "nbconvert", "--version"), null, Map.of(), 60);
        if (check.exitCode() != 0) {
            fail(INSTALL_HINT + "\n'" + jupyter + " nbconvert --version' failed:\n" + check.output());
        }
        return jupyter;
    }

    /**
     * Installs the default kernelspec (gentrain's kernel) with {@code kernel-config/install.sh
     * --prefix} into {@code prefix} and returns the Jupyter path to use (give it as {@code
     * JUPYTER_PATH}).
     */
    public static Path installKernel(Path prefix) {
        return installKernel(prefix, "gentrain");
    }

    /**
     * As {@link #installKernel(Path)}, for the kernel given ({@code gentrain} or {@code rapaio},
     * install.sh's {@code --kernel}).
     */
    public static Path installKernel(Path prefix, String kernel) {
        String jupyter = jupyter();
        // Maven finds the kernel jars in the local repository without the network once they are there.
        List<String> command = List.of(
                "bash",
                root().resolve("kernel-config/install.sh").toString(),
                "--prefix",
                prefix.toString(),
                "--name",
                KERNEL,
                "--kernel",
                kernel);
        Result install = run(command, root(), Map.of("JUPYTER", jupyter), 600);
        if (install.exitCode() != 0) {
            fail("kernel-config/install.sh failed (exit " + install.exitCode() + "):\n" + install.output());
        }
        Path jupyterPath = prefix.resolve("share").resolve("jupyter");
        if (!Files.exists(jupyterPath.resolve("kernels").resolve(KERNEL).resolve("kernel.json"))) {
            fail("install.sh reported success but wrote no kernel.json under " + jupyterPath + ":\n"
                    + install.output());
        }
        return jupyterPath;
    }

    /** What a process printed (stdout and stderr together) and how it ended. */
    public record Result(int exitCode, String output, double seconds) {}

    /**
     * Runs a command to its end or until {@code timeoutSeconds} (then kills it and reports exit
     * code -1), with extra environment variables.
     */
    public static Result run(List<String> command, Path directory, Map<String, String> env, long timeoutSeconds) {
        return run(command, directory, env, timeoutSeconds, null);
    }

    /** As {@link #run(List, Path, Map, long)}, with standard input read from a file. */
    public static Result run(
            List<String> command, Path directory, Map<String, String> env, long timeoutSeconds, Path input) {
        long start = System.nanoTime();
        Path log = null;
        try {
            log = Files.createTempFile("gentrain-process-", ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(env);
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(127, "cannot start " + command.get(0) + ": " + e.getMessage(), 0);
            }
            if (input == null) {
                process.getOutputStream().close();
            }
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(
                    finished ? process.exitValue() : -1,
                    finished ? output : output + "\n(killed after " + timeoutSeconds + " s)",
                    seconds);
        } catch (IOException e) {
            throw new IllegalStateException("running " + command + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
