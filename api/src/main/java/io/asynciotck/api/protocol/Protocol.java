package io.asynciotck.api.protocol;

import io.asynciotck.api.transport.BaseTransport;

/**
 * Spec: "The base class for implementing streaming protocols (for use with e.g. TCP and SSL
 * transports)." Also used with pipe transports.
 *
 * <p>State machine: {@code connectionMade -> dataReceived* -> eofReceived? -> connectionLost}.
 *
 * @param <T> the kind of transport: {@code StreamTransport} for TCP and TLS
 */
public interface Protocol<T extends BaseTransport> extends BaseProtocol<T> {

    /**
     * Spec: "Called when some data is received. data is a non-empty bytes object containing the
     * incoming data." Chunking is up to the transport, but "data is always received in the correct
     * order". The array belongs to the protocol.
     */
    default void dataReceived(byte[] data) {
    }

    /**
     * Spec: called "when the other end signals it won't send any more data". Called at most once, and
     * dataReceived is not called after it.
     *
     * @return false to let the transport close itself; true to keep it open (closing is then up to the
     *         protocol). The default, false, closes the connection. Some transports (TLS) close anyway.
     */
    default boolean eofReceived() {
        return false;
    }
}
