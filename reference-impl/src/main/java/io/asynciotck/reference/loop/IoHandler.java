package io.asynciotck.reference.loop;

/**
 * The attachment of every {@link java.nio.channels.SelectionKey} registered with a
 * {@link SelectorEventLoop}: the loop dispatches readiness to it without allocating anything per event.
 */
public interface IoHandler {

    /**
     * Called on the loop thread when the channel is ready for some of the operations it is interested
     * in. Should not throw: an exception is reported to the loop's exception handler.
     *
     * @param readyOps the {@code SelectionKey.OP_*} bits that are ready
     */
    void onReady(int readyOps);

    /**
     * Called by {@link SelectorEventLoop#close()}: release the channel at once. No protocol callback
     * may follow, since the loop will not run any more.
     */
    void onLoopClose();
}
