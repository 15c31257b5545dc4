package io.asynciotck.api.protocol;

import io.asynciotck.api.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;

/** Spec: "The base class for implementing datagram protocols (for use with e.g. UDP transports)." */
public interface DatagramProtocol extends BaseProtocol<DatagramTransport> {

    /**
     * Spec: "Called when a datagram is received. data is a bytes object containing the incoming data.
     * addr is the address of the peer sending the data." Data may be empty.
     */
    default void datagramReceived(byte[] data, SocketAddress addr) {
    }

    /**
     * Spec: "Called when a previous send or receive operation raises an OSError. exc is the OSError
     * instance." For example the port-unreachable error of a connected UDP socket.
     */
    default void errorReceived(IOException exc) {
    }
}
