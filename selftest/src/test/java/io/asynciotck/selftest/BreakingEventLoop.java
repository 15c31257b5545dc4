package io.asynciotck.selftest;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop that is the reference's with one {@link Mutation}: every protocol the application
 * gives is bridged, so that the transports it sees and the callbacks it receives pass through the
 * mutation's hooks.
 */
final class BreakingEventLoop implements EventLoop {

    private final EventLoop reference;
    private final Mutation mutation;

    BreakingEventLoop(EventLoop reference, Mutation mutation) {
        this.reference = reference;
        this.mutation = mutation;
    }

    // ---- the bridges between the reference and the application

    /** How a stream connection came to be: the hooks differ for accepted and adopted ones. */
    private enum Origin { CONNECTED, ACCEPTED, ADOPTED }

    private final class StreamBridge<P extends Protocol<? super StreamTransport>> implements Protocol<StreamTransport> {
        final P application;
        final Protocol<? super StreamTransport> callbacks;
        final Origin origin;
        StreamTransport transport;

        StreamBridge(P application, Origin origin, Supplier<? extends Protocol<? super StreamTransport>> factory) {
            this.application = application;
            this.origin = origin;
            this.callbacks = origin == Origin.ACCEPTED ? mutation.acceptedCallbacks(application, factory)
                    : mutation.streamCallbacks(application);
        }

        @Override public void connectionMade(StreamTransport reference) {
            EventLoop loop = BreakingEventLoop.this.reference;
            transport = switch (origin) {
                case ADOPTED -> mutation.adopted(reference, loop);
                case ACCEPTED -> mutation.accepted(reference, loop);
                case CONNECTED -> mutation.stream(reference, loop);
            };
            callbacks.connectionMade(transport);
        }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { callbacks.dataReceived(data); }
        @Override public boolean eofReceived() { return callbacks.eofReceived(); }

        Connection<StreamTransport, P> connection() {
            return new Connection<>(transport, application);
        }
    }

    /** A pipe's protocol: the transport passes through {@code hook}, the callbacks through the mutation's pipeCallbacks. */
    private final class PipeBridge<T extends io.asynciotck.api.transport.BaseTransport, P extends Protocol<? super T>>
            implements Protocol<T> {
        final P application;
        final Protocol<? super T> callbacks;
        final java.util.function.UnaryOperator<T> hook;
        T transport;

        PipeBridge(P application, java.util.function.UnaryOperator<T> hook) {
            this.application = application;
            this.callbacks = mutation.pipeCallbacks(application);
            this.hook = hook;
        }

        @Override public void connectionMade(T reference) {
            transport = hook.apply(reference);
            callbacks.connectionMade(transport);
        }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { callbacks.dataReceived(data); }
        @Override public boolean eofReceived() { return callbacks.eofReceived(); }
    }

    private final class DatagramBridge<P extends DatagramProtocol> implements DatagramProtocol {
        final P application;
        final DatagramProtocol callbacks;
        DatagramTransport transport;

        DatagramBridge(P application, Supplier<P> factory) {
            this.application = application;
            this.callbacks = mutation.datagramCallbacks(application, factory);
        }

        @Override public void connectionMade(DatagramTransport reference) {
            transport = mutation.datagram(reference, BreakingEventLoop.this.reference);
            callbacks.connectionMade(transport);
        }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void datagramReceived(byte[] data, SocketAddress addr) { callbacks.datagramReceived(data, addr); }
        @Override public void errorReceived(IOException exc) { callbacks.errorReceived(exc); }
    }

    private final class SubprocessBridge<P extends SubprocessProtocol> implements SubprocessProtocol {
        final P application;
        final SubprocessProtocol callbacks;
        SubprocessTransport transport;

        SubprocessBridge(P application) {
            this.application = application;
            this.callbacks = mutation.subprocessCallbacks(application);
        }

        @Override public void connectionMade(SubprocessTransport reference) {
            transport = mutation.subprocess(reference);
            callbacks.connectionMade(transport);
        }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void pipeDataReceived(int fd, byte[] data) { callbacks.pipeDataReceived(fd, data); }
        @Override public void pipeConnectionLost(int fd, Exception exc) { callbacks.pipeConnectionLost(fd, exc); }
        @Override public void processExited() { callbacks.processExited(); }
    }

    // ---- EventLoop

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        return reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.CONNECTED, protocolFactory), host, port)
                .thenApply(c -> c.protocol().connection());
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        return reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.ADOPTED, protocolFactory), sock)
                .thenApply(c -> c.protocol().connection());
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        return reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.CONNECTED, protocolFactory), host, port, tls)
                .thenApply(c -> c.protocol().connection());
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port) {
        return reference.createServer(() -> new StreamBridge<>(protocolFactory.get(), Origin.ACCEPTED, protocolFactory), host, port)
                .thenApply(mutation::server);
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, ServerTls tls) {
        return reference.createServer(() -> new StreamBridge<>(protocolFactory.get(), Origin.ACCEPTED, protocolFactory), host, port, tls)
                .thenApply(mutation::server);
    }

    @Override
    public <P extends DatagramProtocol> CompletableFuture<Connection<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        return reference.createDatagramEndpoint(() -> new DatagramBridge<>(protocolFactory.get(), protocolFactory),
                        localAddress, remoteAddress)
                .thenApply(c -> new Connection<>(c.protocol().transport, c.protocol().application));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
        return reference.subprocessExec(() -> new SubprocessBridge<>(protocolFactory.get()), argv, options)
                .thenApply(c -> new Connection<>(c.protocol().transport, c.protocol().application));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command, SubprocessOptions options) {
        return reference.subprocessShell(() -> new SubprocessBridge<>(protocolFactory.get()), command, options)
                .thenApply(c -> new Connection<>(c.protocol().transport, c.protocol().application));
    }

    @Override
    public <P extends Protocol<? super ReadTransport>> CompletableFuture<Connection<ReadTransport, P>> connectReadPipe(
            Supplier<P> protocolFactory, Pipe.SourceChannel pipe) {
        return reference.connectReadPipe(() -> new PipeBridge<ReadTransport, P>(protocolFactory.get(), mutation::readPipe), pipe)
                .thenApply(c -> new Connection<>(c.protocol().transport, c.protocol().application));
    }

    @Override
    public <P extends Protocol<? super WriteTransport>> CompletableFuture<Connection<WriteTransport, P>> connectWritePipe(
            Supplier<P> protocolFactory, Pipe.SinkChannel pipe) {
        return reference.connectWritePipe(() -> new PipeBridge<WriteTransport, P>(protocolFactory.get(), mutation::writePipe), pipe)
                .thenApply(c -> new Connection<>(c.protocol().transport, c.protocol().application));
    }

    @Override public Handle callSoon(Runnable callback) { return reference.callSoon(callback); }
    @Override public Handle callLater(Duration delay, Runnable callback) { return reference.callLater(delay, callback); }
    @Override public boolean inLoopThread() { return reference.inLoopThread(); }
    @Override public void runForever() { reference.runForever(); }
    @Override public void stop() { reference.stop(); }
    @Override public boolean isRunning() { return reference.isRunning(); }
    @Override public void setExceptionHandler(Consumer<ExceptionContext> handler) { reference.setExceptionHandler(handler); }
    @Override public void close() { reference.close(); }
    @Override public boolean isClosed() { return reference.isClosed(); }
}
