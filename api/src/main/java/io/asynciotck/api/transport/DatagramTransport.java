package io.asynciotck.api.transport;

import java.net.SocketAddress;

/** A datagram (UDP) transport. */
public interface DatagramTransport extends BaseTransport, WriteFlowControl {

    /**
     * Spec: "Send the data bytes to the remote peer given by addr (a transport-dependent target
     * address). If addr is None, the data is sent to the target address given on transport creation.
     * This method does not block; it buffers the data and arranges for it to be sent out
     * asynchronously."
     *
     * What it does with an address other than the remote address of a connected endpoint, or with none
     * on an endpoint created without one, is implementation-specific (RULES.md, stances S-5 and S-7).
     *
     * @param addr the target, or null for the remote address given at creation
     */
    void sendto(byte[] data, SocketAddress addr);

    /** {@code sendto(data)}: to the remote address given on transport creation. */
    default void sendto(byte[] data) {
        sendto(data, null);
    }

    /**
     * Spec: "Close the transport immediately, without waiting for pending operations to complete.
     * Buffered data will be lost. No more data will be received. The protocol's connection_lost()
     * method will eventually be called with None as its argument."
     */
    void abort();
}
