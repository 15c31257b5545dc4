package io.asynciotck.tck.outofprocess;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One child process and its three pipes, each served by a daemon thread of its own: lines to stdin
 * are written by a writer thread (so that a child that does not read cannot block the TCK), lines
 * from stdout, none longer than {@link Lines#LIMIT}, are handed to an {@link Output} by a reader thread,
 * and stderr is kept by a {@link StderrTail}. Every wait here is bounded, and so is the memory the
 * child's output takes.
 */
final class ChildProcess {

    /** How long a child is given to end after {@code destroy()}, then after {@code destroyForcibly()}. */
    static final Duration KILL_GRACE = Duration.ofSeconds(1);

    private static final long EXIT_POLL_MILLIS = 10;

    private static final AtomicInteger CHILDREN = new AtomicInteger();

    /** How much of a line is written between two flushes: the grain of {@link #lastInputProgress()}. */
    private static final int WRITE_CHUNK_CHARS = 16 * 1024;

    /** Receives the child's stdout, on the reader thread. */
    interface Output {
        /** One line, without its line terminator. */
        void line(String line);

        /**
         * A line longer than {@link Lines#LIMIT}: reading stops there, and {@link #end} does not follow.
         * The child's stdout stays open until this returns (so that it can be killed first).
         */
        void tooLong(LineTooLongException line);

        /** The end of stdout: the child closed it (it exited), or reading failed ({@code error} not null). */
        void end(IOException error);
    }

    private final List<String> command;
    private final Process process;
    private final Writer stdin;
    private final ExecutorService writer;
    private final Thread reader;
    private final StderrTail stderr;
    private volatile boolean killed;
    private volatile long lastInputProgress = System.nanoTime();

    private ChildProcess(List<String> command, Process process, Output output) {
        this.command = List.copyOf(command);
        this.process = process;
        String name = "driver-child-" + CHILDREN.incrementAndGet() + "-pid" + process.pid();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.writer = Executors.newSingleThreadExecutor(task -> daemon(task, name + "-stdin"));
        this.reader = daemon(() -> read(output), name + "-stdout");
        this.stderr = new StderrTail(process.getErrorStream(), name + "-stderr");
    }

    /**
     * Starts {@code command}; its output is not read until {@link #startThreads()}.
     *
     * @throws IOException when the command cannot be started (no such program...)
     */
    static ChildProcess launch(List<String> command, Output output) throws IOException {
        return new ChildProcess(command, new ProcessBuilder(command).start(), output);
    }

    /** Starts reading stdout and stderr. */
    void startThreads() {
        stderr.start();
        reader.start();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void read(Output output) {
        try (BoundedLineReader lines = new BoundedLineReader(process.getInputStream(), Lines.LIMIT)) {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.line(line);
                }
            } catch (LineTooLongException e) {
                output.tooLong(e);
                return;
            }
        } catch (IOException e) {
            output.end(e);
            return;
        }
        output.end(null);
    }

    /**
     * Writes one line to the child's stdin, on the writer thread, a chunk at a time: the future
     * completes once it is all flushed, and {@link #lastInputProgress()} moves on with every chunk the
     * child takes.
     */
    CompletableFuture<Void> send(String line) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    for (int from = 0; from < line.length(); from += WRITE_CHUNK_CHARS) {
                        stdin.write(line, from, Math.min(WRITE_CHUNK_CHARS, line.length() - from));
                        stdin.flush();
                        lastInputProgress = System.nanoTime();
                    }
                    stdin.write('\n');
                    stdin.flush();
                    lastInputProgress = System.nanoTime();
                    written.complete(null);
                } catch (IOException e) {
                    written.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            written.completeExceptionally(new IOException("the child's stdin is closed"));
        }
        return written;
    }

    /**
     * When ({@link System#nanoTime()}) the child last took a chunk of its input, or this object was
     * made: a child whose pipe is full and has not moved on for a long while has stopped reading.
     */
    long lastInputProgress() {
        return lastInputProgress;
    }

    /** Closes stdin (after the lines already sent): a driver exits when its stdin closes. */
    void closeInput() {
        try {
            writer.execute(() -> {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // the child is gone: nothing to close
                }
            });
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        writer.shutdown();
    }

    /** Waits at most {@code timeout} for the child to exit. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The child's descendants now: they leave its tree when it exits, see {@link #kill(List)}. */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Ends the child and its descendants, see {@link #kill(List)}. */
    void kill() {
        kill(List.of());
    }

    /**
     * Ends the child, its descendants and {@code others} still alive (descendants collected earlier, as
     * they leave the tree when the child exits; left alive, they could hold the pipes open):
     * {@code destroy()}, then {@code destroyForcibly()} after {@link #KILL_GRACE}.
     */
    void kill(List<ProcessHandle> others) {
        List<ProcessHandle> all = new ArrayList<>(others);
        if (process.isAlive()) {
            killed = true;
            all.add(process.toHandle());
            all.addAll(process.descendants().toList());
        }
        all.removeIf(handle -> !handle.isAlive());
        if (all.isEmpty()) {
            return;
        }
        all.forEach(ProcessHandle::destroy);
        if (!awaitExit(all)) {
            all.forEach(ProcessHandle::destroyForcibly);
            awaitExit(all);
        }
        // The handle reports the child gone once the JVM's reaper thread has reaped it, but the Process
        // only once that thread has then recorded its exit: wait for that too, so that status() and
        // exitStatus() do not find a killed child "still running".
        awaitExit(KILL_GRACE);
    }

    /**
     * Waits at most {@link #KILL_GRACE} for {@code processes} to end. It polls, since the
     * {@link ProcessHandle#onExit()} of a process that is not a child of the JVM polls with a delay
     * that grows past a second.
     */
    private static boolean awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(EXIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** {@code exit status 3}, {@code killed by the TCK}, {@code still running}... */
    String status() {
        if (process.isAlive()) {
            return "still running (pid " + process.pid() + "), could not be killed";
        }
        return killed ? "killed by the TCK (exit status " + process.exitValue() + ")" : "exit status " + process.exitValue();
    }

    /** The exit status, or null while the child runs. */
    Integer exitStatus() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** The child's stderr tail for messages, once stderr is closed (waiting at most {@link #KILL_GRACE}). */
    String stderrTail() {
        stderr.awaitEnd(KILL_GRACE);
        return stderr.describe();
    }

    /**
     * Stops the writer thread and waits, at most {@code timeout}, for the reader threads to end (they
     * end when the child and its descendants closed their pipes).
     *
     * @return whether every thread ended
     */
    boolean joinThreads(Duration timeout) {
        writer.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            writer.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
            reader.join(Math.max(1, remaining(deadline) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderr.awaitEnd(Duration.ofNanos(remaining(deadline))) && !reader.isAlive() && writer.isTerminated();
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code [python3, driver.py] (pid 1234)}. */
    @Override
    public String toString() {
        return command + " (pid " + process.pid() + ")";
    }
}
