package io.asynciotck.tck.outofprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Drains the child's stderr on a daemon thread, keeping its last {@link #CAPACITY} bytes for failure
 * messages. Draining matters in itself: a child whose stderr pipe fills up blocks.
 */
final class StderrTail {

    static final int CAPACITY = 64 * 1024;

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
        for (int i = 0; i < n; i++) {
            ring[(int) (written++ % CAPACITY)] = buffer[i];
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

    /** The tail for a failure message: {@code stderr: (empty)}, or the last lines, indented. */
    synchronized String describe() {
        String text = text().stripTrailing();
        if (text.isEmpty()) {
            return "stderr: (empty)";
        }
        String cut = written > CAPACITY ? " (last " + CAPACITY / 1024 + " KiB)" : "";
        return "stderr" + cut + ":\n" + text.lines().map(line -> "  | " + line).collect(Collectors.joining("\n"));
    }
}
