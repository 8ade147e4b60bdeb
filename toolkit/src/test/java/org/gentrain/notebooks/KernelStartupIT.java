package org.gentrain.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gentrain.testing.Jupyter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernelspec of the alternative kernel (install.sh --kernel rapaio) runs rapaio's channels on gentrain's LoopThread
 * (kernel-config/rapaio/LoopThread.java), whose threads always run their loop once started.
 * rapaio 2.3.0's own class could end a channel's thread before its first turn, which left one
 * kernel start in six to eight on a busy machine without a shell channel.
 */
class KernelStartupIT {

    private static final String LOOP_THREAD = "org.rapaio.jupyter.kernel.channels.LoopThread";

    @TempDir
    static Path dir;

    private static Path kernelspec;
    private static URLClassLoader kernelClassPath;

    @BeforeAll
    static void installKernel() throws Exception {
        kernelspec = Jupyter.installKernel(dir.resolve("jupyter"), "rapaio")
                .resolve("kernels")
                .resolve(Jupyter.KERNEL);
        JsonArray argv = JsonParser.parseString(Files.readString(kernelspec.resolve("kernel.json")))
                .getAsJsonObject()
                .getAsJsonArray("argv");
        String classPath = null;
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).getAsString().equals("-cp")) {
                classPath = argv.get(i + 1).getAsString();
            }
        }
        assertTrue(classPath != null, "kernel.json's argv has no -cp: " + argv);
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            urls.add(Path.of(entry.replace("{resource_dir}", kernelspec.toString()))
                    .toUri()
                    .toURL());
        }
        kernelClassPath = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void closeClassPath() throws Exception {
        kernelClassPath.close();
    }

    @Test
    void theKernelspecsClassPathLoadsGentrainsLoopThreadBeforeRapaios() throws Exception {
        Class<?> loopThread = kernelClassPath.loadClass(LOOP_THREAD);
        assertEquals(
                kernelspec.resolve("launcher").toUri().toURL(),
                loopThread.getProtectionDomain().getCodeSource().getLocation());
        // rapaio's channels link against it: the shell channel's field is of this very class.
        Class<?> shell = kernelClassPath.loadClass("org.rapaio.jupyter.kernel.channels.ShellChannel");
        assertEquals(loopThread, shell.getDeclaredField("loopThread").getType());
    }

    @Test
    void everyStartedLoopThreadRunsItsBodyUntilShutdown() throws Exception {
        Constructor<?> create =
                kernelClassPath.loadClass(LOOP_THREAD).getConstructor(String.class, long.class, Runnable.class);
        int count = 200;
        CountDownLatch eachRan = new CountDownLatch(count);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AtomicInteger turns = new AtomicInteger();
            threads.add((Thread) create.newInstance("loop-" + i, 1L, (Runnable) () -> {
                if (turns.getAndIncrement() == 0) {
                    eachRan.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        assertTrue(
                eachRan.await(60, TimeUnit.SECONDS),
                eachRan.getCount() + " of " + count + " started loop threads never ran their body");
        for (Thread thread : threads) {
            assertTrue(thread.isAlive(), thread.getName() + " ended without being shut down");
            thread.getClass().getMethod("shutdown").invoke(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), thread.getName() + " still runs after shutdown()");
        }
    }

    @Test
    void anInterruptEndsTheLoop() throws Exception {
        Constructor<?> create =
                kernelClassPath.loadClass(LOOP_THREAD).getConstructor(String.class, long.class, Runnable.class);
        CountDownLatch ran = new CountDownLatch(1);
        Thread thread = (Thread) create.newInstance("loop", 10_000L, (Runnable) ran::countDown);
        thread.start();
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the loop thread still runs after an interrupt during its sleep");
    }
}
