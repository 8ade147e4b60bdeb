package org.gentrain.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.LogManager;

/**
 * Starts rapaio-jupyter-kernel 2.3.0 as its own {@code MainApp} does, with one difference that
 * makes start-up reliable: the channels' message-handler table exists before the channels bind.
 *
 * <p>Why: rapaio binds its ZeroMQ sockets and starts their threads first and creates the handler
 * table afterwards. Jupyter clients send {@code kernel_info_request} before the kernel is up, so
 * that request is waiting when the shell socket binds; when it is read before the table exists,
 * the shell thread dies of a NullPointerException in {@code Channels.getHandler} and the kernel
 * never answers ("Kernel didn't respond in 60 seconds"). On a busy machine that happened to
 * about one start in three here. With an empty table in place, such an early request is logged as
 * unhandled and dropped; the client asks again a second later and gets its answer.
 *
 * <p>The channels' threads had a start-up race of their own, fixed by gentrain's {@code LoopThread}
 * in the same folder; this launcher says so on standard error when the class path puts rapaio's
 * own class first.
 *
 * <p>Everything is reached by reflection, so this compiles without the kernel jar; install.sh
 * compiles it into the kernelspec folder and puts it before the kernel jar on the class path.
 * Upstream fix wanted: create {@code Channels.handlers} before {@code bind}.
 */
public final class RapaioKernelLauncher {

    private RapaioKernelLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RapaioKernelLauncher <connection file>, was "
                    + args.length + " arguments");
        }
        PrintStream err = System.err;
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println("gentrain kernel launcher: thread " + thread.getName() + " died:");
            e.printStackTrace(err);
        });
        ClassLoader loader = RapaioKernelLauncher.class.getClassLoader();
        warnUnlessLoadedBesideThisLauncher("org.rapaio.jupyter.kernel.channels.LoopThread", loader, err);
        Class<?> mainApp = Class.forName("org.rapaio.jupyter.kernel.MainApp", true, loader);
        try (InputStream logging = mainApp.getClassLoader().getResourceAsStream("logging.properties")) {
            if (logging != null) {
                LogManager.getLogManager().readConfiguration(logging);
            }
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file " + file + " does not exist");
        }
        Class<?> propertiesClass = Class.forName("org.rapaio.jupyter.kernel.core.ConnectionProperties", true, loader);
        Object properties = Class.forName("org.rapaio.jupyter.kernel.core.Transform", true, loader)
                .getMethod("fromJson", String.class, Class.class)
                .invoke(null, Files.readString(file, StandardCharsets.UTF_8), propertiesClass);
        Class<?> channelsClass = Class.forName("org.rapaio.jupyter.kernel.channels.Channels", true, loader);
        Object channels = channelsClass.getConstructor(propertiesClass).newInstance(properties);

        Field handlers = channelsClass.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new HashMap<>());

        Object kernel = mainApp.getField("kernel").get(null);
        channelsClass.getMethod("connect", kernel.getClass()).invoke(channels, kernel);
        channelsClass.getMethod("joinUntilClose").invoke(channels);
    }

    private static void warnUnlessLoadedBesideThisLauncher(String name, ClassLoader loader, PrintStream err)
            throws ClassNotFoundException {
        Object launcherSource = RapaioKernelLauncher.class.getProtectionDomain().getCodeSource().getLocation();
        Object source = Class.forName(name, false, loader).getProtectionDomain().getCodeSource().getLocation();
        if (!launcherSource.equals(source)) {
            err.println("gentrain kernel launcher: " + name + " comes from " + source + ", not from "
                    + launcherSource + "; put the launcher folder first on the class path, or the kernel"
                    + " may hang at start-up now and then");
        }
    }
}
