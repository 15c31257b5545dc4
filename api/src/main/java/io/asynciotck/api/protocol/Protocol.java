package io.asynciotck.api.protocol;

import java.nio.ByteBuffer;

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
     * {@link #dataReceived(byte[])} without an array of the protocol's own: an implementation may call
     * this in its place, with its own buffer, whose remaining bytes are the data (non-empty, in order,
     * as above). The buffer is lent: it is valid only during the call, and the implementation reuses it
     * afterwards; the protocol may read it (moving its position) but must copy what it keeps.
     *
     * <p>The default copies the bytes into a new array and calls {@link #dataReceived(byte[])}, so a
     * protocol always overrides {@code dataReceived(byte[])}, which every implementation may call, and may
     * also override this one to skip that copy where an implementation calls it. Optional for
     * implementations: the spec knows only {@code data_received(data)}, and no scenario tells the two
     * apart.
     */
    default void dataReceived(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        dataReceived(copy);
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
