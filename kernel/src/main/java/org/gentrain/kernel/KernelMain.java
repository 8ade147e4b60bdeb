package org.gentrain.kernel;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts gentrain's kernel: {@code java -jar gentrain-kernel-all.jar <connection file>}.
 *
 * <p>Settings, from the kernelspec's environment:
 * <ul>
 *   <li>{@value #CLASSPATH}: the class path of the cells (the toolkit's shaded jar), entries
 *       separated by {@code File.pathSeparator};
 *   <li>{@value #STARTUP_SCRIPTS}: scripts run before the first cell, separated the same way
 *       (gentrain.jsh: imports and helpers);
 *   <li>{@value #COMPILER_OPTIONS}: options for the Java compiler, separated by spaces.
 * </ul>
 *
 * <p>The message handlers are in place before the sockets bind, and JShell starts in the
 * background: a kernel_info_request that is waiting when the shell socket binds is answered at
 * once.
 */
public final class KernelMain {

    /** The cells' class path. */
    public static final String CLASSPATH = "GENTRAIN_KERNEL_CLASSPATH";
    /** Scripts to run before the first cell. */
    public static final String STARTUP_SCRIPTS = "GENTRAIN_KERNEL_STARTUP_SCRIPTS";
    /** Options for the Java compiler. */
    public static final String COMPILER_OPTIONS = "GENTRAIN_KERNEL_COMPILER_OPTIONS";

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "usage: java -jar gentrain-kernel-all.jar <connection file>, was " + args.length + " arguments");
        }
        // the base library logs each loop's start and stop at info; keep the kernel's log to problems
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // as the toolkit's own simplelogger.properties (which the kernel's jar shadows): DJL's probe of
        // a CUDA driver that a CPU machine lacks is not a problem worth a line in every notebook
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file " + file + " does not exist");
        }
        KernelConnectionProperties properties =
                KernelConnectionProperties.parse(Files.readString(file, StandardCharsets.UTF_8));

        GentrainKernel kernel = new GentrainKernel(
                paths(System.getenv(CLASSPATH), CLASSPATH),
                words(System.getenv(COMPILER_OPTIONS)),
                paths(System.getenv(STARTUP_SCRIPTS), STARTUP_SCRIPTS));
        kernel.onStartup(); // the notebook's kernel from now on (BaseKernel.notebookKernel())
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0); // JShell's and DJL's threads must not keep a shut-down kernel alive
    }

    static List<Path> paths(String value, String variable) {
        List<Path> paths = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return paths;
        }
        for (String entry : value.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(variable + " names " + path + ", which does not exist");
            }
            paths.add(path);
        }
        return paths;
    }

    static List<String> words(String value) {
        return value == null || value.isBlank()
                ? List.of()
                : Arrays.asList(value.strip().split("\\s+"));
    }
}
