package org.gentrain.kernel;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * gentrain's Java kernel: Jupyter messaging from jjava-jupyter's {@link BaseKernel}, cells run by
 * a {@link CellEvaluator} (JShell in this process).
 *
 * <p>What it does beyond the base library: an interrupt reaches the running cell's thread and the
 * session survives it; kernel_info carries {@code status}; a cell's value is sent as {@code
 * text/plain} beside the rich types gentrain's {@code NotebookDisplay} makes of it (a chart as
 * {@code image/png}, a table as {@code text/html}); an exception is shown as its own class and
 * message. JShell starts in the background, so the kernel answers kernel_info at once and the
 * first cell waits for the start-up scripts.
 *
 * <p>No magics: gentrain's notebooks are plain Java.
 */
public final class GentrainKernel extends BaseKernel {

    /** The kernel's name in kernel_info. */
    public static final String NAME = "gentrain-kernel";
    /** The kernel's version in kernel_info. */
    public static final String VERSION = "0.1.0";

    private static final String NOTEBOOK_DISPLAY = "org.gentrain.viz.NotebookDisplay";

    private final CompletableFuture<CellEvaluator> evaluator;
    private final List<String> startupProblems = new ArrayList<>();
    private final CellOutput output = new CellOutput();
    private final Object cellLock = new Object();
    private ShellReplyEnvironment cellEnv;
    private boolean interruptedBeforeStart;

    /**
     * A kernel whose cells see {@code classPath}; the start-up scripts run, in order, before the
     * first cell.
     */
    public GentrainKernel(List<Path> classPath, List<String> compilerOptions, List<Path> startupScripts) {
        super(
                NAME,
                VERSION,
                language(),
                List.of(),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                null,
                new MagicsRegistry(),
                false,
                errorStyler());
        List<Path> classes = List.copyOf(classPath);
        List<String> options = List.copyOf(compilerOptions);
        List<Path> scripts = List.copyOf(startupScripts);
        Supplier<CellEvaluator> start = () -> startEvaluator(classes, options, scripts);
        this.evaluator = CompletableFuture.supplyAsync(start, task -> {
            Thread thread = new Thread(task, "gentrain-kernel-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private CellEvaluator startEvaluator(List<Path> classPath, List<String> compilerOptions, List<Path> scripts) {
        CellEvaluator cells = new CellEvaluator(classPath, compilerOptions);
        cells.whileWaiting(this::sendOutput);
        for (Path script : scripts) {
            String code;
            try {
                code = Files.readString(script, StandardCharsets.UTF_8);
            } catch (Exception e) {
                startupProblems.add("start-up script " + script + " could not be read: " + e);
                continue;
            }
            // snippet by snippet, so that one failing declaration does not hide the others
            for (String snippet : cells.snippets(code)) {
                try {
                    cells.eval(snippet);
                } catch (Exception e) {
                    startupProblems.add("start-up script " + script.getFileName() + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        return cells;
    }

    private static LanguageInfo language() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder().withLinePrefix("").build();
    }

    /** The evaluator once JShell has started and run the start-up scripts (waits for that). */
    public CellEvaluator evaluator() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoWithStatus(
                Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> request) {
        synchronized (cellLock) {
            cellEnv = env;
            interruptedBeforeStart = false;
        }
        try {
            // JShell first, so that the start-up scripts' output stays out of the cell
            try {
                evaluator.join();
            } catch (RuntimeException e) {
                // the cell reports it
            }
            super.handleExecuteRequest(env, request);
        } finally {
            synchronized (cellLock) {
                cellEnv = null;
            }
        }
    }

    /**
     * The cell's System.out and System.err queue their text ({@link CellOutput}); the shell thread
     * sends it while the cell runs and when it ends.
     */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        java.io.InputStream oldIn = System.in;
        System.setOut(output.out);
        System.setErr(output.err);
        System.setIn(io.in);
        env.defer(() -> {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
    }

    /** Shows display data in the running cell's output (sent by the shell thread). */
    @Override
    public void display(DisplayData data) {
        output.display(data);
        sendOutputIfIdle();
    }

    /**
     * Replaces the display with the data's display id ({@code update_display_data}); gentrain's
     * {@code NotebookDisplay.live()} uses it for progress that changes in place.
     */
    public void updateDisplay(DisplayData data) {
        output.updateDisplay(data);
        sendOutputIfIdle();
    }

    /** From the shell thread only: sends what the cell has printed and displayed so far. */
    private void sendOutput() {
        ShellReplyEnvironment env;
        synchronized (cellLock) {
            env = cellEnv;
        }
        if (env != null) {
            output.drain(env);
        }
    }

    private void sendOutputIfIdle() {
        CellEvaluator cells = evaluator.getNow(null);
        if (cells == null || !cells.busy()) {
            sendOutput(); // called from the shell thread itself (no cell code is running)
        }
    }

    @Override
    public Object evalRaw(String source) {
        CellEvaluator cells = evaluator();
        synchronized (startupProblems) {
            if (!startupProblems.isEmpty()) {
                startupProblems.forEach(System.err::println);
                startupProblems.clear();
            }
        }
        try {
            synchronized (cellLock) {
                if (interruptedBeforeStart) {
                    throw new InterruptedException("the cell was interrupted while JShell was starting");
                }
            }
            Object value = cells.eval(source);
            return value == CellEvaluator.NO_VALUE ? null : value;
        } catch (Exception e) {
            throw sneaky(e);
        } finally {
            sendOutput();
        }
    }

    /**
     * The cell's value as display data: always {@code text/plain}, and the rich types gentrain's
     * {@code NotebookDisplay.mimeBundle} gives where the toolkit is on the class path.
     */
    @Override
    public DisplayData eval(String source) {
        Object value = evalRaw(source);
        if (value == null) {
            return null;
        }
        if (value instanceof DisplayData) {
            DisplayData data = (DisplayData) value;
            return data;
        }
        Map<String, String> bundle = richBundle(value);
        DisplayData data = new DisplayData(bundle.getOrDefault("text/plain", String.valueOf(value)));
        bundle.forEach((type, content) -> {
            if (!type.equals("text/plain")) {
                data.putData(type, content);
            }
        });
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> richBundle(Object value) {
        ClassLoader loader = value.getClass().getClassLoader();
        List<ClassLoader> loaders = new ArrayList<>();
        if (loader != null) {
            loaders.add(loader);
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        for (ClassLoader candidate : loaders) {
            try {
                Class<?> display = Class.forName(NOTEBOOK_DISPLAY, true, candidate);
                Method bundle = display.getMethod("mimeBundle", Object.class);
                return new LinkedHashMap<>((Map<String, String>) bundle.invoke(null, value));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not there, or it could not render this value: plain text
            }
        }
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("text/plain", String.valueOf(value));
        return plain;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return evaluator().inspect(code, at).map(DisplayData::new).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CellEvaluator.Completions completions = evaluator().complete(code, at);
        return new ReplacementOptions(completions.matches(), completions.start(), completions.end());
    }

    @Override
    public String isComplete(String code) {
        String verdict = evaluator().isComplete(code);
        switch (verdict) {
            case "complete":
                return IS_COMPLETE_YES;
            case "invalid":
                return IS_COMPLETE_BAD;
            default:
                return "    "; // incomplete: the indent for the next line
        }
    }

    /** Interrupts the running cell's thread (the second interrupt of one cell stops it by force). */
    @Override
    public void interrupt() {
        synchronized (cellLock) {
            if (!evaluator.isDone()) {
                interruptedBeforeStart = cellEnv != null;
                return;
            }
        }
        if (!evaluator.isCompletedExceptionally()
                && evaluator.join().interrupt().equals("idle")) {
            synchronized (cellLock) {
                // the cell has not reached its first statement yet
                interruptedBeforeStart = cellEnv != null;
            }
        }
    }

    /**
     * The exception's class and message first, then the stack frames down to the cell's own code
     * (the kernel's and JShell's frames below it say nothing to the user).
     */
    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        if (e instanceof CompilationException) {
            lines.add("Compilation error:");
            lines.addAll(List.of(e.getMessage().split("\n")));
            return lines;
        }
        String className = e instanceof CellEvaluator.SnippetError
                ? ((CellEvaluator.SnippetError) e).className()
                : e.getClass().getName();
        lines.add(className + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("REPL.")) {
                lines.add("\tat cell (line " + Math.max(1, frame.getLineNumber()) + ")");
                break;
            }
            if (frame.getClassName().startsWith("jdk.internal.reflect.")
                    || frame.getClassName().startsWith("java.lang.reflect.")) {
                break;
            }
            lines.add("\tat " + frame);
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && !(e instanceof CellEvaluator.SnippetError)) {
            lines.add("Caused by: " + cause);
        }
        return lines;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().close();
        }
        super.onShutdown(isRestarting);
    }

    /** Rethrows any exception unchanged, checked or not, so that the base kernel names its class. */
    @SuppressWarnings("unchecked")
    private static <T extends Exception> RuntimeException sneaky(Exception e) throws T {
        throw (T) e;
    }
}
