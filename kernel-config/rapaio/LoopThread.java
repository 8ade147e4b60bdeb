package org.rapaio.jupyter.kernel.channels;

/**
 * Replaces rapaio-jupyter-kernel 2.3.0's class of the same name, which its heartbeat, shell and
 * control channels run on; install.sh compiles it into the kernelspec's {@code launcher} folder,
 * which comes before the kernel jar on the class path.
 *
 * <p>The thread runs its body, sleeps for the given number of milliseconds, and repeats until
 * {@link #shutdown()} or an interrupt. rapaio's own class sets its {@code running} flag only after
 * {@code Thread.start()} has returned; a new thread that gets a core before that sees the flag
 * still false and ends without running its body once. On a busy 2-core machine that happened to
 * one kernel start in six to eight (measured with jstack: a "Shell-0" thread missing from the
 * hung kernels, the socket bound but never read, "Kernel didn't respond"). Here the flag is true
 * from construction, so a started thread always loops until it is told to stop.
 *
 * <p>Same public constructor and methods as rapaio's class, so rapaio's compiled channels link
 * to it unchanged. Upstream fix wanted: set {@code running} before {@code super.start()}.
 */
public final class LoopThread extends Thread {

    private volatile boolean running = true;
    private final long sleepMillis;
    private final Runnable loopBody;

    /**
     * @param name the thread's name
     * @param sleepMillis the pause after each run of the body, in milliseconds
     * @param loopBody what the thread runs on each turn
     */
    public LoopThread(String name, long sleepMillis, Runnable loopBody) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** Ends the loop after the current turn. */
    public void shutdown() {
        running = false;
    }
}
