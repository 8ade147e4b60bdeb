package org.gentrain.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

/**
 * What a running cell prints and displays, queued by whichever thread makes it and sent to
 * Jupyter by the kernel's shell thread ({@link #drain}).
 *
 * <p>Why not send from the cell's thread: that thread is the one an interrupt reaches, and
 * ZeroMQ's sockets do not survive a thread interrupted in the middle of a send (JeroMQ's
 * signalling channel is closed by the interrupt). Queueing takes no lock an interrupt can break,
 * so the sockets are only ever used by the kernel's own threads.
 */
final class CellOutput {

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();

    /** The cell's standard output. */
    final PrintStream out = new PrintStream(new Sink(false), true, StandardCharsets.UTF_8);
    /** The cell's standard error. */
    final PrintStream err = new PrintStream(new Sink(true), true, StandardCharsets.UTF_8);

    private record Item(Boolean toStderr, String text, DisplayData display, boolean update) {}

    /** Queues a new display. */
    void display(DisplayData data) {
        queue.add(new Item(null, null, data, false));
    }

    /** Queues an update of a display shown before (the data carries its display id). */
    void updateDisplay(DisplayData data) {
        if (!data.hasDisplayId()) {
            throw new IllegalArgumentException("an update needs the display_id of the display it replaces");
        }
        queue.add(new Item(null, null, data, true));
    }

    /**
     * Sends everything queued so far, in order, as stream, display_data and update_display_data
     * messages of the cell's request; consecutive text of one stream goes as one message.
     */
    void drain(ShellReplyEnvironment env) {
        out.flush();
        err.flush();
        List<Item> items = new ArrayList<>();
        queue.drainTo(items);
        StringBuilder text = new StringBuilder();
        Boolean stream = null;
        for (Item item : items) {
            if (item.text() != null && (stream == null || stream.equals(item.toStderr()))) {
                stream = item.toStderr();
                text.append(item.text());
                continue;
            }
            sendText(env, stream, text);
            stream = null;
            if (item.text() != null) {
                stream = item.toStderr();
                text.append(item.text());
            } else if (item.update()) {
                env.publish(new PublishUpdateDisplayData(item.display()));
            } else {
                env.publish(new PublishDisplayData(item.display()));
            }
        }
        sendText(env, stream, text);
    }

    private static void sendText(ShellReplyEnvironment env, Boolean toStderr, StringBuilder text) {
        if (toStderr != null && text.length() > 0) {
            if (toStderr) {
                env.writeToStdErr(text.toString());
            } else {
                env.writeToStdOut(text.toString());
            }
        }
        text.setLength(0);
    }

    /** Collects bytes until a flush, then queues them as text (PrintStream flushes whole characters). */
    private final class Sink extends OutputStream {

        private final boolean toStderr;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Sink(boolean toStderr) {
            this.toStderr = toStderr;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            if (bytes.size() > 0) {
                queue.add(new Item(toStderr, bytes.toString(StandardCharsets.UTF_8), null, false));
                bytes.reset();
            }
        }
    }
}
