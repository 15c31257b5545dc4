package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Bytes;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * A blocking write of a peer that may never return (the implementation does not read): it runs on a
 * short-lived daemon thread and is waited for at most the arrival timeout. When it does not finish in
 * time, or the wait is interrupted, the peer's end is closed (which ends the write) and the write fails.
 */
final class BoundedWrite {

    /** The write itself. */
    interface Task {
        void run() throws IOException;
    }

    private final String threadName;
    private final Runnable close;
    private final BiFunction<String, Throwable, AssertionError> fail;
    private final String verb;
    private final String closed;

    /**
     * @param close  closes the peer's end, from another thread
     * @param fail   makes the failure from a problem and its cause (which may be null)
     * @param verb   "send" or "write", for the messages
     * @param closed what is closed after a timeout, for the messages ("the peer's socket")
     */
    BoundedWrite(String threadName, Runnable close, BiFunction<String, Throwable, AssertionError> fail, String verb,
                 String closed) {
        this.threadName = threadName;
        this.close = close;
        this.fail = fail;
        this.verb = verb;
        this.closed = closed;
    }

    /** Runs {@code task}, which writes {@code data}, waiting at most {@code millis}. */
    void run(Task task, byte[] data, long millis) {
        FutureTask<Void> write = new FutureTask<>(() -> {
            task.run();
            return null;
        });
        Thread writer = new Thread(write, threadName);
        writer.setDaemon(true);
        writer.start();
        try {
            write.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close.run();
            throw fail.apply("could not " + verb + " " + Bytes.describe(data) + " within " + millis
                    + " ms (is the implementation reading?); " + closed + " is now closed", null);
        } catch (ExecutionException e) {
            throw fail.apply("could not " + verb + " " + Bytes.describe(data) + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close.run();
            throw fail.apply("interrupted while " + (verb.equals("send") ? "sending " : "writing ") + Bytes.describe(data), e);
        } finally {
            try {
                writer.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
