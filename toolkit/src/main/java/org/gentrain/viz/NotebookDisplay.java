package org.gentrain.viz;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Shows a chart, an image, a table or HTML in whatever runs the code: inline in a Jupyter notebook
 * when a Java kernel's display function is found at run time, as plain text everywhere else
 * (JShell, a terminal, a test). Notebooks call {@link #show(Object)} and stay free of
 * kernel-specific code, so the same notebook runs under rapaio-jupyter-kernel, IJava and JJava.
 *
 * <p>What each value becomes: an XChart chart or a {@link RenderedImage} is a PNG image
 * ({@code image/png}); a Tablesaw {@link Table} is an HTML table ({@code text/html}) with a
 * plain-text twin; {@link #html(String)} shows HTML as it is; anything else is its {@code
 * toString()}. Without a kernel, images are written to a temporary PNG file whose path is
 * printed, and tables are printed as text.
 *
 * <p>Kernels are found by reflection, never linked: rapaio-jupyter-kernel's {@code
 * org.rapaio.jupyter.kernel.global.Global.display}, for IJava and JJava their {@code
 * runtime.Kernel.getKernelInstance().display(DisplayData)}, and for gentrain's own kernel (and
 * any other on jjava-jupyter) {@code BaseKernel.notebookKernel().display(DisplayData)}. Where the
 * kernel can replace a display in place, {@link #live()} gives a display that changes while a
 * cell runs (training progress).
 */
public final class NotebookDisplay {

    /** Rows of a table shown as HTML before the rest is summarised as "... n more rows". */
    public static final int MAX_HTML_ROWS = 200;

    private static final String RAPAIO_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";
    private static final String RAPAIO_MAIN = "org.rapaio.jupyter.kernel.MainApp";
    private static final String[][] BASE_KERNELS = {
        // class with the static accessor, accessor, DisplayData class
        {
            "io.github.spencerpark.ijava.runtime.Kernel",
            "getKernelInstance",
            "io.github.spencerpark.jupyter.kernel.display.DisplayData"
        },
        {"org.dflib.jjava.runtime.Kernel", "getKernelInstance", "org.dflib.jjava.jupyter.kernel.display.DisplayData"},
        // any kernel on jjava-jupyter's BaseKernel: gentrain's own kernel (kernel-config), JJava
        {
            "org.dflib.jjava.jupyter.kernel.BaseKernel",
            "notebookKernel",
            "org.dflib.jjava.jupyter.kernel.display.DisplayData"
        },
    };
    private static final String GENTRAIN_KERNEL = "org.gentrain.kernel.GentrainKernel";
    private static final AtomicLong LIVE_DISPLAYS = new AtomicLong();

    private static PrintStream plainOut;

    private NotebookDisplay() {}

    /**
     * Shows the value: inline in a notebook, as text elsewhere.
     *
     * @param value an XChart chart, an image, a Tablesaw table, or anything with a useful toString
     */
    public static void show(Object value) {
        Map<String, String> bundle = mimeBundle(value);
        if (emit(bundle, value)) {
            return;
        }
        PrintStream out = out();
        if (value instanceof Table) {
            out.println(((Table) value).printAll());
        } else if (value instanceof Chart || value instanceof RenderedImage) {
            out.println(bundle.get("text/plain") + " written to " + writeTemporaryPng(value));
        } else {
            out.println(bundle.get("text/plain"));
        }
        out.flush();
    }

    /** Shows HTML as it is in a notebook; elsewhere prints it with its tags. */
    public static void html(String html) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html);
        bundle.put("text/plain", html);
        if (!emit(bundle, html)) {
            out().println(html);
            out().flush();
        }
    }

    /**
     * The name of the Jupyter kernel whose display function {@link #show} uses: {@code gentrain}
     * (kernel-config's default), {@code rapaio}, {@code ijava}, {@code jjava}, or {@code none}
     * (plain text).
     */
    public static String kernel() {
        if (rapaioGlobal() != null) {
            return "rapaio";
        }
        for (String[] names : BASE_KERNELS) {
            Object kernel = baseKernel(names[0], names[1]);
            if (kernel != null) {
                if (kernel.getClass().getName().equals(GENTRAIN_KERNEL)) {
                    return "gentrain";
                }
                return names[0].startsWith("io.github") ? "ijava" : "jjava";
            }
        }
        return "none";
    }

    /**
     * A display that a notebook shows once and then replaces in place ({@code display_data} with
     * a display id, then {@code update_display_data}), for progress and charts that change while
     * a cell runs; empty where no running kernel can update a display (JShell, a terminal,
     * rapaio-jupyter-kernel), so that callers print text instead.
     */
    public static Optional<LiveDisplay> live() {
        Object kernel = baseKernel(BASE_KERNELS[2][0], BASE_KERNELS[2][1]);
        if (kernel == null) {
            return Optional.empty();
        }
        try {
            Class<?> dataClass =
                    Class.forName(BASE_KERNELS[2][2], true, kernel.getClass().getClassLoader());
            Method display = kernel.getClass().getMethod("display", dataClass);
            Object target;
            Method update;
            try {
                // gentrain's kernel sends it from its own thread, safe from interrupts of the cell
                update = kernel.getClass().getMethod("updateDisplay", dataClass);
                target = kernel;
            } catch (NoSuchMethodException e) {
                Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
                target = io.getClass().getField("display").get(io);
                update = target.getClass().getMethod("updateDisplay", dataClass);
            }
            Object updateTarget = target;
            Method updateMethod = update;
            String id = "gentrain-" + ProcessHandle.current().pid() + "-" + LIVE_DISPLAYS.incrementAndGet();
            return Optional.of(new LiveDisplay(
                    id,
                    bundle -> {
                        try {
                            Object data = dataClass.getConstructor(String.class).newInstance(bundle.get("text/plain"));
                            Method put = putData(dataClass);
                            for (Map.Entry<String, String> entry : bundle.entrySet()) {
                                put.invoke(data, entry.getKey(), entry.getValue());
                            }
                            dataClass.getMethod("setDisplayId", String.class).invoke(data, id);
                            return data;
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("the kernel's DisplayData changed: " + e, e);
                        }
                    },
                    data -> invoke(display, kernel, data),
                    data -> invoke(updateMethod, updateTarget, data)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void invoke(Method method, Object target, Object argument) {
        try {
            method.invoke(target, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the kernel refused a display: " + e, e);
        }
    }

    /**
     * One display in a notebook, replaced in place by each {@link #show} after the first; made by
     * {@link NotebookDisplay#live()}.
     */
    public static final class LiveDisplay {

        private final String id;
        private final Function<Map<String, String>, Object> data;
        private final Consumer<Object> first;
        private final Consumer<Object> then;
        private boolean shown;

        private LiveDisplay(
                String id, Function<Map<String, String>, Object> data, Consumer<Object> first, Consumer<Object> then) {
            this.id = id;
            this.data = data;
            this.first = first;
            this.then = then;
        }

        /** The display id the notebook knows this display by. */
        public String id() {
            return id;
        }

        /** Shows the value (as {@link NotebookDisplay#show} would), in place of what was shown before. */
        public synchronized void show(Object value) {
            send(mimeBundle(value));
        }

        /** Shows HTML with a plain-text twin, in place of what was shown before. */
        public synchronized void showHtml(String html, String plainText) {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/html", html);
            bundle.put("text/plain", plainText);
            send(bundle);
        }

        private void send(Map<String, String> bundle) {
            Object display = data.apply(bundle);
            if (shown) {
                then.accept(display);
            } else {
                first.accept(display);
                shown = true;
            }
        }
    }

    /**
     * The representations {@link #show} chooses from, by MIME type: {@code image/png} (base64) for
     * charts and images, {@code text/html} for tables, and always {@code text/plain}.
     */
    public static Map<String, String> mimeBundle(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value instanceof Chart || value instanceof RenderedImage) {
            RenderedImage image = image(value);
            bundle.put("image/png", Base64.getEncoder().encodeToString(png(image)));
            String title = value instanceof Chart ? ((Chart<?, ?>) value).getTitle() : null;
            bundle.put(
                    "text/plain",
                    String.format(
                            Locale.ROOT,
                            "[image %dx%d%s]",
                            image.getWidth(),
                            image.getHeight(),
                            title == null || title.isBlank() ? "" : ": " + title));
        } else if (value instanceof Table) {
            bundle.put("text/html", htmlTable((Table) value));
            bundle.put("text/plain", ((Table) value).print());
        } else {
            bundle.put("text/plain", String.valueOf(value));
        }
        return bundle;
    }

    /**
     * The table as an HTML {@code <table>}: a caption with its name, a header row, numbers right
     * aligned and shown with at most 4 decimals, at most {@link #MAX_HTML_ROWS} rows.
     */
    public static String htmlTable(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"gentrain-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (String name : table.columnNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int shown = Math.min(table.rowCount(), MAX_HTML_ROWS);
        for (int r = 0; r < shown; r++) {
            Row row = table.row(r);
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                Object cell = row.getObject(column.name());
                boolean number = cell instanceof Number;
                html.append(number ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(format(cell)))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (table.rowCount() > shown) {
            html.append("<p>... ").append(table.rowCount() - shown).append(" more rows</p>");
        }
        return html.toString();
    }

    /** Where plain-text output goes when no kernel is found; {@code System.out} unless set. */
    public static synchronized void plainOutput(PrintStream stream) {
        plainOut = stream;
    }

    private static synchronized PrintStream out() {
        return plainOut != null ? plainOut : System.out;
    }

    private static String format(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double || cell instanceof Float) {
            double value = ((Number) cell).doubleValue();
            if (!Double.isFinite(value)) {
                return Double.toString(value);
            }
            String text = String.format(Locale.ROOT, "%.4f", value);
            return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
        }
        return cell.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static RenderedImage image(Object value) {
        return value instanceof Chart ? Charts.image((Chart<?, ?>) value) : (RenderedImage) value;
    }

    private static byte[] png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IOException("no PNG writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Path writeTemporaryPng(Object value) {
        try {
            Path file = Files.createTempFile("gentrain-", ".png");
            Files.write(file, png(image(value)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the bundle to a kernel; false when there is none. */
    private static boolean emit(Map<String, String> bundle, Object value) {
        Class<?> global = rapaioGlobal();
        if (global != null) {
            try {
                if (bundle.containsKey("image/png")) {
                    // rapaio renders images itself; hand it a BufferedImage.
                    Object image = image(value);
                    global.getMethod("display", Object.class).invoke(null, toBuffered((RenderedImage) image));
                } else if (bundle.containsKey("text/html")) {
                    global.getMethod("display", String.class, Object.class)
                            .invoke(null, "text/html", bundle.get("text/html"));
                } else {
                    global.getMethod("display", String.class, Object.class)
                            .invoke(null, "text/plain", bundle.get("text/plain"));
                }
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not usable after all: fall through to the other kernels, then to plain text
            }
        }
        for (String[] names : BASE_KERNELS) {
            Object kernel = baseKernel(names[0], names[1]);
            if (kernel == null) {
                continue;
            }
            try {
                Class<?> dataClass =
                        Class.forName(names[2], true, kernel.getClass().getClassLoader());
                // The base kernel's DisplayData(String text) holds text/plain; putData adds the rest.
                Object data = dataClass.getConstructor(String.class).newInstance(bundle.get("text/plain"));
                Method put = putData(dataClass);
                for (Map.Entry<String, String> entry : bundle.entrySet()) {
                    put.invoke(data, entry.getKey(), entry.getValue());
                }
                kernel.getClass().getMethod("display", dataClass).invoke(kernel, data);
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // try the next kernel
            }
        }
        return false;
    }

    /** {@code putData(String mimeType, Object or String data)}, whichever the kernel's DisplayData has. */
    private static Method putData(Class<?> dataClass) throws NoSuchMethodException {
        for (Method method : dataClass.getMethods()) {
            Class<?>[] types = method.getParameterTypes();
            if (method.getName().equals("putData")
                    && types.length == 2
                    && types[0] == String.class
                    && types[1].isAssignableFrom(String.class)) {
                return method;
            }
        }
        throw new NoSuchMethodException(dataClass.getName() + ".putData(String, Object)");
    }

    private static BufferedImage toBuffered(RenderedImage image) {
        if (image instanceof BufferedImage) {
            return (BufferedImage) image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        copy.createGraphics().drawRenderedImage(image, new AffineTransform());
        return copy;
    }

    private static Class<?> rapaioGlobal() {
        for (ClassLoader loader : loaders()) {
            try {
                Class<?> global = Class.forName(RAPAIO_GLOBAL, true, loader);
                return rapaioRunning(loader) ? global : null;
            } catch (ClassNotFoundException | LinkageError e) {
                // not in this loader
            }
        }
        return null;
    }

    /** Only a running kernel can display: rapaio keeps it in {@code MainApp.kernel}. */
    private static boolean rapaioRunning(ClassLoader loader) {
        try {
            Field kernel = Class.forName(RAPAIO_MAIN, true, loader).getDeclaredField("kernel");
            kernel.setAccessible(true);
            return kernel.get(null) != null;
        } catch (NoSuchFieldException e) {
            return true; // another version of the kernel: trust that its classes are loaded
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static Object baseKernel(String runtimeKernel, String accessor) {
        for (ClassLoader loader : loaders()) {
            try {
                Class<?> runtime = Class.forName(runtimeKernel, true, loader);
                return runtime.getMethod(accessor).invoke(null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not in this loader, or no kernel running
            }
        }
        return null;
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(NotebookDisplay.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && !loaders.contains(context)) {
            loaders.add(context);
        }
        return loaders;
    }
}
