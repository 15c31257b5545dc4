package io.asynciotck.tck.driver;

import java.nio.channels.Channel;

/**
 * What {@code connect_read_pipe} or {@code connect_write_pipe} gave: the outcome (the transport's
 * connection id, or the implementation's error) and, on success, the TCK's own end of the pipe,
 * which the caller then owns and closes. On error the driver has closed both ends.
 *
 * @param <C> a {@link java.nio.channels.WritableByteChannel} (the TCK writes what the implementation
 *            reads) or a {@link java.nio.channels.ReadableByteChannel} (the TCK reads what it writes);
 *            blocking, and closeable from another thread to end a blocked read or write
 */
public record PipeConnection<C extends Channel>(Outcome outcome, C peerEnd) {

    public PipeConnection {
        if (outcome == null) {
            throw new IllegalArgumentException("a pipe connection needs an outcome");
        }
        if (outcome.isError() != (peerEnd == null)) {
            throw new IllegalArgumentException("the TCK's end of the pipe must be given exactly when the "
                    + "connection succeeded: outcome " + outcome + ", end " + peerEnd);
        }
    }
}
