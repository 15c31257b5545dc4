package io.asynciotck.selftest;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;

import java.util.function.Supplier;

/**
 * One small, readable change to the reference implementation: the transports the application sees
 * and the callbacks it receives pass through these hooks, each of which returns its argument
 * unchanged unless a broken implementation overrides it (usually with a {@code Delegating*} wrapper
 * that changes one method).
 */
abstract class Mutation {

    /** The stream transport the application's protocol is given, made from the reference's. */
    StreamTransport stream(StreamTransport reference) {
        return reference;
    }

    /** Where the reference's stream callbacks go: the application's protocol, or a wrapper of it. */
    Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
        return application;
    }

    DatagramTransport datagram(DatagramTransport reference) {
        return reference;
    }

    /** @param factory the application's factory, for a change that makes more protocols than one */
    DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
        return application;
    }

    SubprocessTransport subprocess(SubprocessTransport reference) {
        return reference;
    }

    SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
        return application;
    }
}
