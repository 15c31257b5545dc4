package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

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

    /** The same, for a change that needs the loop the transport runs on (to defer work to its next turn). */
    StreamTransport stream(StreamTransport reference, EventLoop loop) {
        return stream(reference);
    }

    /**
     * The transport of a connection a server accepted. By default the same change as
     * {@link #stream(StreamTransport, EventLoop)}'s; a change made here only is one that only the
     * scenarios on accepted connections (the "[accepted]" variants, and the server scenarios) can see.
     */
    StreamTransport accepted(StreamTransport reference, EventLoop loop) {
        return stream(reference, loop);
    }

    /** The transport of a connection made over an already-connected socket ({@code create_connection(sock=...)}). */
    StreamTransport adopted(StreamTransport reference, EventLoop loop) {
        return stream(reference, loop);
    }

    /** The server {@code create_server()} returns. */
    Server server(Server reference) {
        return reference;
    }

    /**
     * Where the stream callbacks of a connection a server accepted go.
     *
     * @param factory the server's protocol factory (the application's), the same object for every connection
     */
    Protocol<? super StreamTransport> acceptedCallbacks(Protocol<? super StreamTransport> application,
                                                        Supplier<? extends Protocol<? super StreamTransport>> factory) {
        return streamCallbacks(application);
    }

    /** Where the reference's stream callbacks go: the application's protocol, or a wrapper of it. */
    Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
        return application;
    }

    DatagramTransport datagram(DatagramTransport reference) {
        return reference;
    }

    /** The same, for a change that needs the loop the transport runs on. */
    DatagramTransport datagram(DatagramTransport reference, EventLoop loop) {
        return datagram(reference);
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

    /** Where the callbacks of a pipe's protocol ({@code connect_read_pipe()}, {@code connect_write_pipe()}) go. */
    <T extends BaseTransport> Protocol<? super T> pipeCallbacks(Protocol<? super T> application) {
        return application;
    }

    /**
     * Whether the application's {@code connectionMade} waits until the call that created the connection
     * ({@code createConnection}, {@code subprocessExec}, {@code connectReadPipe}...) has returned it: the
     * reference calls it before; true delivers it right after the future completed, on the same thread.
     */
    boolean connectionMadeAfterTheCallReturns() {
        return false;
    }

    /**
     * The transport the call that created a connection returns with its protocol ({@code createConnection},
     * {@code createDatagramEndpoint}, {@code subprocessExec}, {@code connectReadPipe}...): the reference
     * returns the one the protocol's {@code connectionMade} received.
     */
    <T extends BaseTransport> T returnedTransport(T made) {
        return made;
    }

    /** The transport of {@code connect_read_pipe()}. */
    ReadTransport readPipe(ReadTransport reference) {
        return reference;
    }

    /** The transport of {@code connect_write_pipe()}. */
    WriteTransport writePipe(WriteTransport reference) {
        return reference;
    }
}
