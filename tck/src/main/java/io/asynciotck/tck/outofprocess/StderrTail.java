package io.asynciotck.tck.outofprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Drains the child's stderr on a daemon thread, keeping its last {@link #CAPACITY} bytes for failure
 * messages, which show each of their lines cut to {@link #SHOWN_LINE} characters: whatever the child
 * writes (an endless line too), the tail takes a fixed amount of memory and a failure message a bounded
 * length. Draining matters in itself: a child whose stderr pipe fills up blocks.
 */
final class StderrTail {

    static final int CAPACITY = 64 * 1024;
    /** The most characters of one line of the tail that a failure message shows. */
    static final int SHOWN_LINE = 1000;

    private final byte[] ring = new byte[CAPACITY];
    private final Thread thread;
    private long written;

    StderrTail(InputStream stderr, String threadName) {
        this.thread = new Thread(() -> drain(stderr), threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void drain(InputStream stderr) {
        byte[] buffer = new byte[8192];
        try (stderr) {
            int n;
            while ((n = stderr.read(buffer)) >= 0) {
                append(buffer, n);
            }
        } catch (IOException closed) {
            // the stream was closed under us: the child is gone
        }
    }

    private synchronized void append(byte[] buffer, int n) {
        int from = 0;
        while (from < n) {
            int at = (int) (written % CAPACITY);
            int length = Math.min(n - from, CAPACITY - at);
            System.arraycopy(buffer, from, ring, at, length);
            from += length;
            written += length;
        }
    }

    /** Waits, at most {@code timeout}, until the child's stderr is closed (it exited): the tail is then complete. */
    boolean awaitEnd(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** The last {@link #CAPACITY} bytes written, as UTF-8 (a character cut at the start shows as U+FFFD). */
    synchronized String text() {
        int size = (int) Math.min(written, CAPACITY);
        byte[] tail = new byte[size];
        int start = (int) ((written - size) % CAPACITY);
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(start + i) % CAPACITY];
        }
        return new String(tail, StandardCharsets.UTF_8);
    }

    /**
     * The tail for a failure message: {@code stderr: (empty)}, or the last lines, indented, each cut to
     * {@link #SHOWN_LINE} characters.
     */
    synchronized String describe() {
        String text = text().stripTrailing();
        if (text.isEmpty()) {
            return "stderr: (empty)";
        }
        String cut = written > CAPACITY ? " (last " + CAPACITY / 1024 + " KiB)" : "";
        return "stderr" + cut + ":\n" + text.lines().map(line -> "  | " + shown(line)).collect(Collectors.joining("\n"));
    }

    private static String shown(String line) {
        if (line.length() <= SHOWN_LINE) {
            return line;
        }
        return line.substring(0, SHOWN_LINE) + "... (" + (line.length() - SHOWN_LINE) + " more characters)";
    }
}
