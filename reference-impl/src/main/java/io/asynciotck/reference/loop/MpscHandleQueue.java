package io.asynciotck.reference.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free, intrusive, multi-producer single-consumer queue of handles (Vyukov's algorithm): the
 * handles are the nodes, so {@link #push} allocates nothing. Any thread may push; only the loop thread
 * polls.
 *
 * <p>{@link #poll()} may miss a node whose producer is between its two steps (swap of the tail, link of
 * the previous node). That is harmless here because every producer wakes the loop up after
 * {@link #push} returns: the loop then sees the node on its next poll.
 */
final class MpscHandleQueue {

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscHandleQueue.class, "tail", CallbackHandle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last node consumed (initially a stub): its {@code next} is the first node to poll. */
    private CallbackHandle head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile CallbackHandle tail;

    MpscHandleQueue() {
        CallbackHandle stub = new CallbackHandle(() -> { });
        head = stub;
        tail = stub;
    }

    /** Appends {@code handle}, which must not be in the queue already. Thread-safe, wait-free. */
    void push(CallbackHandle handle) {
        CallbackHandle previous = (CallbackHandle) TAIL.getAndSet(this, handle);
        previous.next = handle;
    }

    /** Removes and returns the oldest handle, or null if there is none. Loop thread only. */
    CallbackHandle poll() {
        CallbackHandle first = head.next;
        if (first == null) {
            return null;
        }
        head.next = null; // no producer writes it again: it was linked once, when head was the tail
        head = first;
        return first;
    }

    /** Whether {@link #poll()} would return null now. Loop thread only. */
    boolean isEmpty() {
        return head.next == null;
    }
}
