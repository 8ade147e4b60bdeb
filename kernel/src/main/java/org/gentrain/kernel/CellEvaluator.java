package org.gentrain.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Evaluates notebook cells with a JShell that runs in this process ({@link
 * InterruptibleExecutionControl}), so that a cell's value and exception are real objects and a
 * running cell can be interrupted.
 *
 * <p>A cell is split into JShell snippets and evaluated snippet by snippet; the first one that
 * fails ends the cell. The cell's value is the value of its last snippet when that is an
 * expression (not a declaration or statement), as in IJava: {@code 6 * 7} has the value 42,
 * {@code int a = 1;} has none.
 */
public final class CellEvaluator implements AutoCloseable {

    /** What a cell without a value returns from {@link #eval(String)}. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "(no value)";
        }
    };

    private final InterruptibleExecutionControl execution = new InterruptibleExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    /**
     * A JShell with these class path entries for compiling and running cells.
     *
     * @param classPath jar files or folders; each must exist
     * @param compilerOptions options for the Java compiler, such as {@code --enable-preview}
     */
    public CellEvaluator(List<Path> classPath, List<String> compilerOptions) {
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalArgumentException("class path entry " + entry + " does not exist");
            }
        }
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        shell = JShell.builder()
                .out(discard)
                .err(discard)
                .executionEngine(
                        new ExecutionControlProvider() {
                            @Override
                            public String name() {
                                return "gentrain";
                            }

                            @Override
                            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                                return execution;
                            }
                        },
                        Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .build();
        classPath.forEach(entry -> shell.addToClasspath(entry.toString()));
        analysis = shell.sourceCodeAnalysis();
    }

    /**
     * Evaluates a cell.
     *
     * @return the value of its last expression, or {@link #NO_VALUE}
     * @throws CompilationException when a snippet does not compile (nothing after it runs)
     * @throws Exception the exception a snippet threw, as it was thrown
     */
    public Object eval(String cell) throws Exception {
        execution.beginCell();
        try {
            return evalCell(cell);
        } finally {
            execution.endCell();
        }
    }

    private Object evalCell(String cell) throws Exception {
        Object value = NO_VALUE;
        String rest = cell;
        while (!rest.isBlank()) {
            if (execution.takePendingInterrupt()) {
                throw new InterruptedException("the cell was interrupted before its next statement ran");
            }
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (!completeness.isComplete()) {
                if (completeness == Completeness.UNKNOWN) {
                    // not even a statement: let the compiler say why
                    value = evalSnippet(rest.strip());
                    break;
                }
                throw new CompilationException("the cell ends inside an unfinished statement:\n" + rest.strip());
            }
            value = evalSnippet(info.source());
            rest = info.remaining();
        }
        return value;
    }

    private Object evalSnippet(String source) throws Exception {
        List<SnippetEvent> events = shell.eval(source);
        Object value = NO_VALUE;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet updated by this one
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                execution.takeValue();
                throw new CompilationException(diagnostics(snippet));
            }
            JShellException failure = event.exception();
            if (failure != null) {
                Throwable thrown = execution.takeThrown();
                execution.takeValue();
                if (thrown instanceof Exception) {
                    throw (Exception) thrown;
                }
                if (thrown != null) {
                    throw new SnippetError(thrown);
                }
                throw failure instanceof EvalException ? new SnippetError((EvalException) failure) : failure;
            }
            Object raw = execution.takeValue();
            value = hasValue(snippet) && raw != null ? raw : NO_VALUE;
        }
        return value;
    }

    private static boolean hasValue(Snippet snippet) {
        if (snippet.kind() == Snippet.Kind.EXPRESSION) {
            return true;
        }
        return snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private String diagnostics(Snippet snippet) {
        StringBuilder text = new StringBuilder();
        String source = snippet.source();
        for (Diag diag : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(diag.getMessage(null));
            long position = diag.getPosition();
            if (position >= 0 && position <= source.length()) {
                int start = source.lastIndexOf('\n', (int) Math.max(0, position - 1)) + 1;
                int end = source.indexOf('\n', (int) position);
                String line = source.substring(start, end < 0 ? source.length() : end);
                text.append('\n')
                        .append(line)
                        .append('\n')
                        .append(" ".repeat((int) Math.max(0, position - start)))
                        .append('^');
            }
        }
        if (text.length() == 0) {
            text.append("the snippet was rejected: ").append(source.strip());
        }
        return text.toString();
    }

    /** The code cut into JShell's snippets (a script's declarations and statements, one each). */
    public List<String> snippets(String code) {
        List<String> snippets = new ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                snippets.add(rest);
                break;
            }
            snippets.add(info.source());
            rest = info.remaining();
        }
        return snippets;
    }

    /**
     * Whether the code is ready to run: {@code "complete"}, {@code "incomplete"} (a statement or
     * block is open), or {@code "invalid"}.
     */
    public String isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                default:
                    rest = info.remaining();
            }
        }
        return "complete";
    }

    /** Completions at the cursor: the text that replaces {@code [start, cursor)}. */
    public record Completions(List<String> matches, int start, int end) {}

    /** What may stand at the cursor: names, members, types, in JShell's order, without repeats. */
    public Completions complete(String code, int cursor) {
        int[] anchor = {cursor};
        List<SourceCodeAnalysis.Suggestion> suggestions =
                new ArrayList<>(analysis.completionSuggestions(code, cursor, anchor));
        suggestions.sort(Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> !s.matchesType())
                .thenComparing(SourceCodeAnalysis.Suggestion::continuation));
        Set<String> matches = new LinkedHashSet<>();
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completions(List.copyOf(matches), anchor[0], cursor);
    }

    /**
     * The signature and Javadoc (where the jar has sources) of what the name at or just before
     * the cursor refers to; empty when it refers to nothing known.
     */
    public Optional<String> inspect(String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        // With the cursor right after a name (Shift+Tab after typing it), JShell looks at the name.
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, at, true);
        if (docs.isEmpty()) {
            int end = at;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            // a bare name: ask about it as JShell asks about a method, with an open parenthesis
            String probe = code.substring(0, end) + "(";
            docs = analysis.documentation(probe, probe.length(), true);
            if (docs.isEmpty() && end > 0) {
                docs = analysis.documentation(code.substring(0, end), end, true);
            }
        }
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(doc.signature());
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append('\n').append(doc.javadoc().strip());
            }
        }
        return Optional.of(text.toString());
    }

    /**
     * Interrupts the running cell (a second call stops it by force where the JDK allows).
     *
     * @return {@code "interrupted"}, {@code "stopped"} or {@code "idle"}
     */
    public String interrupt() {
        return execution.interruptRunning();
    }

    /**
     * What the thread that called {@link #eval} does every few milliseconds while a snippet runs
     * (the kernel sends the cell's output from there).
     */
    public void whileWaiting(Runnable action) {
        execution.whileWaiting(action);
    }

    /** Whether a cell's code runs now. */
    public boolean busy() {
        return execution.busy();
    }

    @Override
    public void close() {
        shell.close();
    }

    /** An Error (not an Exception) a snippet threw, or one JShell reported only by name. */
    public static final class SnippetError extends Exception {

        private static final long serialVersionUID = 1L;
        private final String className;

        SnippetError(Throwable error) {
            super(error.getMessage(), error, false, true);
            this.className = error.getClass().getName();
            setStackTrace(error.getStackTrace());
        }

        SnippetError(EvalException failure) {
            super(failure.getMessage(), null, false, true);
            this.className = failure.getExceptionClassName();
            setStackTrace(failure.getStackTrace());
        }

        /** The class name of what the snippet threw. */
        public String className() {
            return className;
        }
    }
}
