package io.asynciotck.api.loop;

/** A callback scheduled with {@link EventLoop#callSoon} or {@link EventLoop#callLater}. */
public interface Handle {

    /** Cancels the callback if it has not run yet; has no effect otherwise. Thread-safe. */
    void cancel();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();
}
