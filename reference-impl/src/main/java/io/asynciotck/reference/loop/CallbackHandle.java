package io.asynciotck.reference.loop;

import io.asynciotck.api.loop.Handle;

import java.util.Objects;

/**
 * A callback scheduled with {@code callSoon}. It is also the node of {@link MpscHandleQueue}, so that
 * submitting a callback from another thread allocates nothing beyond the handle itself.
 */
class CallbackHandle implements Handle {

    final Runnable callback;
    private volatile boolean cancelled;
    /** The next node in {@link MpscHandleQueue}; owned by that queue. */
    volatile CallbackHandle next;

    CallbackHandle(Runnable callback) {
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + callback + (cancelled ? ", cancelled]" : "]");
    }
}
