package org.gentrain.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs JShell's snippets in the kernel's own process, each on one long-lived worker thread, so
 * that an interrupt can reach the code a cell runs.
 *
 * <p>{@link #interrupt()} calls {@link Thread#interrupt()} on the worker while a snippet runs:
 * code that checks the flag (a training loop between steps, {@code Thread.sleep}, blocking I/O)
 * ends with its own exception and leaves every object consistent. A second interrupt of the same
 * snippet, for code that never checks the flag, stops the thread with {@code Thread.stop} where
 * the JDK still supports it (up to Java 19); objects that code was changing may then be
 * half-updated. Between snippets an interrupt does nothing, and a stale flag never reaches the
 * next snippet.
 *
 * <p>The raw value and the raw exception of the last snippet are kept for the kernel (JShell
 * itself only reports their text): {@link #takeValue()} and {@link #takeThrown()}.
 */
final class InterruptibleExecutionControl extends DirectExecutionControl {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "gentrain-cell");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private Thread running;
    private int interrupts;
    private Object value;
    private Throwable thrown;
    private boolean inCell;
    private boolean pending;
    private volatile Runnable whileWaiting = () -> {};

    /** What the waiting thread does every few milliseconds while a snippet runs (sending its output). */
    void whileWaiting(Runnable action) {
        this.whileWaiting = action;
    }

    /** A cell starts: an interrupt from now on, before its snippets run, still ends it. */
    void beginCell() {
        synchronized (lock) {
            inCell = true;
            pending = false;
        }
    }

    /** The cell ended; interrupts are ignored until the next one. */
    void endCell() {
        synchronized (lock) {
            inCell = false;
            pending = false;
        }
    }

    /** Whether an interrupt came while the cell was between snippets (and clears it). */
    boolean takePendingInterrupt() {
        synchronized (lock) {
            boolean result = pending;
            pending = false;
            return result;
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        synchronized (lock) {
            value = null;
            thrown = null;
        }
        Future<String> result = worker.submit(() -> run(doit));
        try {
            return await(result);
        } finally {
            synchronized (lock) {
                running = null; // also when a forced stop hit the worker's own bookkeeping
            }
        }
    }

    private String await(Future<String> result) throws Exception {
        while (true) {
            try {
                return result.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                try {
                    whileWaiting.run();
                } catch (RuntimeException sendFailed) {
                    // output that cannot be sent must not end the snippet; the next try sends it
                }
            } catch (InterruptedException e) {
                // the kernel's shell thread is never interrupted on purpose; keep waiting for the snippet
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception) {
                    throw (Exception) cause;
                }
                throw new InvocationTargetException(cause);
            }
        }
    }

    private String run(Method doit) throws Exception {
        Thread thread = Thread.currentThread();
        thread.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        synchronized (lock) {
            Thread.interrupted(); // a flag left from before belongs to no snippet
            running = thread;
            interrupts = 0;
            if (pending) { // the interrupt came while the snippet compiled
                pending = false;
                interrupts = 1;
                thread.interrupt();
            }
        }
        try {
            Object result = doit.invoke(null);
            synchronized (lock) {
                value = result;
            }
            return valueString(result);
        } catch (InvocationTargetException e) {
            synchronized (lock) {
                thrown = e.getCause();
            }
            throw e;
        } finally {
            synchronized (lock) {
                running = null;
                Thread.interrupted();
            }
        }
    }

    /**
     * Interrupts the running snippet's thread; the second call for the same snippet stops it.
     * Within a cell but between its snippets (one compiling), the next snippet starts interrupted
     * and the cell runs no snippet after it.
     *
     * @return what was done: {@code "interrupted"}, {@code "stopped"}, or {@code "idle"} when no
     *     cell runs
     */
    @SuppressWarnings({"deprecation", "removal"})
    String interruptRunning() {
        synchronized (lock) {
            if (running == null) {
                if (inCell) {
                    pending = true;
                    return "interrupted";
                }
                return "idle";
            }
            interrupts++;
            if (interrupts == 1) {
                running.interrupt();
                return "interrupted";
            }
            try {
                running.stop();
                return "stopped";
            } catch (UnsupportedOperationException e) {
                running.interrupt(); // Java 20 and later: interrupting is all there is
                return "interrupted";
            }
        }
    }

    /** Whether a snippet runs now. */
    boolean busy() {
        synchronized (lock) {
            return running != null;
        }
    }

    /** The value the last snippet returned (null for none), cleared by this call. */
    Object takeValue() {
        synchronized (lock) {
            Object result = value;
            value = null;
            return result;
        }
    }

    /** The exception the last snippet threw (null for none), cleared by this call. */
    Throwable takeThrown() {
        synchronized (lock) {
            Throwable result = thrown;
            thrown = null;
            return result;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        super.close();
    }
}
