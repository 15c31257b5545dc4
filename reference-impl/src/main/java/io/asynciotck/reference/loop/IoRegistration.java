package io.asynciotck.reference.loop;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * How the channel of an {@link IoHandler} is watched: a {@link SelectionKey} of the loop's selector
 * ({@link #of(SelectionKey)}), or a registration with the process poller for file descriptors the JDK
 * cannot select (the pipes of child processes). Either way readiness reaches
 * {@link IoHandler#onReady(int)} on the loop thread as {@code SelectionKey.OP_*} bits, and a transport
 * does not need to know which kind it has. Loop thread only.
 */
public interface IoRegistration {

    /** The interest set last given. */
    int interestOps();

    /**
     * Sets the interest set: {@code SelectionKey.OP_READ} and {@code SelectionKey.OP_WRITE} bits. Bits
     * the channel does not support are ignored (a pipe's write end has no {@code OP_READ} for the
     * selector; see the poller's registration for what it means there).
     */
    void interestOps(int ops);

    /** Makes {@code handler} the receiver of this registration's readiness. */
    void attach(IoHandler handler);

    /** Stops watching, for good; the channel may then be closed. Idempotent. */
    void cancel();

    /** A registration backed by {@code key}, whose attachment becomes the handler. */
    static IoRegistration of(SelectionKey key) {
        Objects.requireNonNull(key, "key");
        return new IoRegistration() {
            @Override
            public int interestOps() {
                return key.interestOps();
            }

            @Override
            public void interestOps(int ops) {
                SelectableChannel channel = key.channel();
                key.interestOps(ops & channel.validOps());
            }

            @Override
            public void attach(IoHandler handler) {
                key.attach(handler);
            }

            @Override
            public void cancel() {
                key.cancel();
            }

            @Override
            public String toString() {
                return "IoRegistration[" + key.channel() + "]";
            }
        };
    }
}
