package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.WaitTimeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A blocking write of a peer that may never finish (the implementation does not read). It writes
 * {@value #CHUNK} bytes at a time on a short-lived daemon thread, and the caller waits on progress
 * ({@link Patience#onProgress}): for as long as the chunks keep being taken, but no longer than the timeout
 * without one. When no chunk is taken in time, or the wait is interrupted, the peer's end is closed
 * (which ends the write) and the write fails.
 */
final class BoundedWrite {

    /** Bytes per write of the thread: each one taken is progress. */
    static final int CHUNK = 64 * 1024;
    /** How long to wait for the thread to end: it ends as soon as its write returns or the end is closed. */
    private static final long THREAD_END_MILLIS = 1000;

    /** Writes one chunk, blocking until it is all taken. */
    interface ChunkWriter {
        void write(byte[] data, int offset, int length) throws IOException;
    }

    private final String threadName;
    private final Runnable close;
    private final BiFunction<String, Throwable, AssertionError> fail;
    private final BiFunction<Patience, String, WaitTimeout> timedOut;
    private final String verb;
    private final String closed;

    /**
     * @param close    closes the peer's end, from another thread
     * @param fail     makes the failure from a problem and its cause (which may be null)
     * @param timedOut makes the failure of a wait whose patience ran out, from what it waited for
     * @param verb     "send" or "write", for the messages
     * @param closed   what is closed after a timeout, for the messages ("the peer's socket")
     */
    BoundedWrite(String threadName, Runnable close, BiFunction<String, Throwable, AssertionError> fail,
                 BiFunction<Patience, String, WaitTimeout> timedOut, String verb, String closed) {
        this.threadName = threadName;
        this.close = close;
        this.fail = fail;
        this.timedOut = timedOut;
        this.verb = verb;
        this.closed = closed;
    }

    /** Writes all of {@code data} with {@code writer}, a chunk at a time, within {@code patience}. */
    void run(ChunkWriter writer, byte[] data, Patience patience) {
        run(writer, java.util.List.of(data), Bytes.describe(data), patience);
    }

    /**
     * Writes each of {@code pieces} in turn with {@code writer}, each with writes of its own (a chunk at a
     * time), on one thread, within {@code patience}: as many sends one after the other, without a thread
     * for each.
     */
    void run(ChunkWriter writer, List<byte[]> pieces, Patience patience) {
        long total = pieces.stream().mapToLong(piece -> piece.length).sum();
        run(writer, pieces, pieces.size() == 1 ? Bytes.describe(pieces.get(0))
                : "<" + total + " bytes in " + pieces.size() + " sends>", patience);
    }

    private void run(ChunkWriter writer, List<byte[]> pieces, String description, Patience patience) {
        AtomicLong taken = new AtomicLong();
        FutureTask<Void> write = new FutureTask<>(() -> {
            for (byte[] data : pieces) {
                for (int offset = 0; offset < data.length; offset += CHUNK) {
                    int length = Math.min(CHUNK, data.length - offset);
                    writer.write(data, offset, length);
                    taken.addAndGet(length);
                    patience.progressed();
                }
            }
            return null;
        });
        Thread thread = new Thread(write, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                try {
                    write.get(patience.remainingNanos(), TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (patience.exhausted()) {
                        close.run();
                        throw timedOut.apply(patience, "to " + verb + " " + description + ": " + taken.get()
                                + " bytes taken, then nothing (is the implementation reading?); " + closed
                                + " is now closed");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw fail.apply("could not " + verb + " " + description + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close.run();
            throw fail.apply("interrupted while " + (verb.equals("send") ? "sending " : "writing ") + description, e);
        } finally {
            try {
                thread.join(THREAD_END_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
