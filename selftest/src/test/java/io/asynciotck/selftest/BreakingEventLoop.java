package io.asynciotck.selftest;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.BaseProtocol;
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
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /**
     * Where a bridge delivers the application's {@code connectionMade}: at once, inside the reference's,
     * before the future of the call that created the connection completes; or, when the mutation says
     * so ({@link Mutation#connectionMadeAfterTheCallReturns()}), held until that future has completed
     * ({@link #returned}). A connection no call returns (one a server accepted) never holds it.
     */
    private final class MadeGate {
        private Runnable held;

        void made(Runnable deliver, boolean returnedByACall) {
            if (returnedByACall && mutation.connectionMadeAfterTheCallReturns()) {
                held = deliver;
            } else {
                deliver.run();
            }
        }

        void release() {
            Runnable deliver = held;
            held = null;
            if (deliver != null) {
                deliver.run();
            }
        }
    }

    /** A bridge: the application's protocol behind the reference's callbacks. */
    private interface Bridge {
        MadeGate gate();
    }

    /**
     * The future the application gets: completes as {@code reference} does, with the connection as the
     * application sees it, then releases a {@code connectionMade} the bridge held ({@link MadeGate}).
     */
    private static <B extends BaseProtocol<?> & Bridge, C> CompletableFuture<C> returned(
            CompletableFuture<? extends Connection<?, B>> reference, Function<B, C> connection) {
        CompletableFuture<C> application = new CompletableFuture<>();
        reference.whenComplete((made, failure) -> {
            if (failure != null) {
                application.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            B bridge = made.protocol();
            application.complete(connection.apply(bridge));
            bridge.gate().release();
        });
        return application;
    }

    private final class StreamBridge<P extends Protocol<? super StreamTransport>> implements Protocol<StreamTransport>, Bridge {
        final P application;
        final Protocol<? super StreamTransport> callbacks;
        final Origin origin;
        final MadeGate gate = new MadeGate();
        StreamTransport transport;
        /** The transport the application's connectionMade received, through the mutation's callbacks. */
        volatile StreamTransport made;

        StreamBridge(P application, Origin origin, Supplier<? extends Protocol<? super StreamTransport>> factory) {
            this.application = application;
            this.origin = origin;
            this.callbacks = origin == Origin.ACCEPTED ? mutation.acceptedCallbacks(application, factory)
                    : mutation.streamCallbacks(new Delegating.StreamCallbacks(application) {
                        @Override
                        public void connectionMade(StreamTransport given) {
                            made = given;
                            super.connectionMade(given);
                        }
                    });
        }

        @Override public void connectionMade(StreamTransport reference) {
            EventLoop loop = BreakingEventLoop.this.reference;
            transport = switch (origin) {
                case ADOPTED -> mutation.adopted(reference, loop);
                case ACCEPTED -> mutation.accepted(reference, loop);
                case CONNECTED -> mutation.stream(reference, loop);
            };
            gate.made(() -> callbacks.connectionMade(transport), origin != Origin.ACCEPTED);
        }
        @Override public MadeGate gate() { return gate; }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { callbacks.dataReceived(data); }
        @Override public boolean eofReceived() { return callbacks.eofReceived(); }

        Connection<StreamTransport, P> connection() {
            return new Connection<>(mutation.returnedTransport(made != null ? made : transport), application);
        }
    }

    /** A pipe's protocol: the transport passes through {@code hook}, the callbacks through the mutation's pipeCallbacks. */
    private final class PipeBridge<T extends io.asynciotck.api.transport.BaseTransport, P extends Protocol<? super T>>
            implements Protocol<T>, Bridge {
        final P application;
        final Protocol<? super T> callbacks;
        final java.util.function.UnaryOperator<T> hook;
        final MadeGate gate = new MadeGate();
        T transport;
        volatile T made;

        PipeBridge(P application, java.util.function.UnaryOperator<T> hook) {
            this.application = application;
            this.callbacks = mutation.pipeCallbacks(new Delegating.PipeCallbacks<T>(application) {
                @Override
                public void connectionMade(T given) {
                    made = given;
                    super.connectionMade(given);
                }
            });
            this.hook = hook;
        }

        T returned() {
            return made != null ? made : transport;
        }

        @Override public void connectionMade(T reference) {
            transport = hook.apply(reference);
            gate.made(() -> callbacks.connectionMade(transport), true);
        }
        @Override public MadeGate gate() { return gate; }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void dataReceived(byte[] data) { callbacks.dataReceived(data); }
        @Override public boolean eofReceived() { return callbacks.eofReceived(); }
    }

    private final class DatagramBridge<P extends DatagramProtocol> implements DatagramProtocol, Bridge {
        final P application;
        final DatagramProtocol callbacks;
        final MadeGate gate = new MadeGate();
        DatagramTransport transport;
        volatile DatagramTransport made;

        DatagramBridge(P application, Supplier<P> factory) {
            this.application = application;
            this.callbacks = mutation.datagramCallbacks(new Delegating.DatagramCallbacks(application) {
                @Override
                public void connectionMade(DatagramTransport given) {
                    made = given;
                    super.connectionMade(given);
                }
            }, factory);
        }

        DatagramTransport returned() {
            return made != null ? made : transport;
        }

        @Override public void connectionMade(DatagramTransport reference) {
            transport = mutation.datagram(reference, BreakingEventLoop.this.reference);
            gate.made(() -> callbacks.connectionMade(transport), true);
        }
        @Override public MadeGate gate() { return gate; }
        @Override public void connectionLost(Exception exc) { callbacks.connectionLost(exc); }
        @Override public void pauseWriting() { callbacks.pauseWriting(); }
        @Override public void resumeWriting() { callbacks.resumeWriting(); }
        @Override public void datagramReceived(byte[] data, SocketAddress addr) { callbacks.datagramReceived(data, addr); }
        @Override public void errorReceived(IOException exc) { callbacks.errorReceived(exc); }
    }

    private final class SubprocessBridge<P extends SubprocessProtocol> implements SubprocessProtocol, Bridge {
        final P application;
        final SubprocessProtocol callbacks;
        final MadeGate gate = new MadeGate();
        SubprocessTransport transport;
        volatile SubprocessTransport made;

        SubprocessBridge(P application) {
            this.application = application;
            this.callbacks = mutation.subprocessCallbacks(new Delegating.SubprocessCallbacks(application) {
                @Override
                public void connectionMade(SubprocessTransport given) {
                    made = given;
                    super.connectionMade(given);
                }
            });
        }

        SubprocessTransport returned() {
            return made != null ? made : transport;
        }

        @Override public void connectionMade(SubprocessTransport reference) {
            transport = mutation.subprocess(reference);
            gate.made(() -> callbacks.connectionMade(transport), true);
        }
        @Override public MadeGate gate() { return gate; }
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
        return returned(reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.CONNECTED, protocolFactory), host, port),
                StreamBridge::connection);
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        return returned(reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.ADOPTED, protocolFactory), sock),
                StreamBridge::connection);
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        return returned(reference.createConnection(() -> new StreamBridge<>(protocolFactory.get(), Origin.CONNECTED, protocolFactory), host, port, tls),
                StreamBridge::connection);
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
        return returned(reference.createDatagramEndpoint(() -> new DatagramBridge<>(protocolFactory.get(), protocolFactory),
                        localAddress, remoteAddress),
                bridge -> new Connection<>(mutation.returnedTransport(bridge.returned()), bridge.application));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
        return returned(reference.subprocessExec(() -> new SubprocessBridge<>(protocolFactory.get()), argv, options),
                bridge -> new Connection<>(mutation.returnedTransport(bridge.returned()), bridge.application));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command, SubprocessOptions options) {
        return returned(reference.subprocessShell(() -> new SubprocessBridge<>(protocolFactory.get()), command, options),
                bridge -> new Connection<>(mutation.returnedTransport(bridge.returned()), bridge.application));
    }

    @Override
    public <P extends Protocol<? super ReadTransport>> CompletableFuture<Connection<ReadTransport, P>> connectReadPipe(
            Supplier<P> protocolFactory, Pipe.SourceChannel pipe) {
        return returned(reference.connectReadPipe(() -> new PipeBridge<ReadTransport, P>(protocolFactory.get(), mutation::readPipe), pipe),
                bridge -> new Connection<>(mutation.returnedTransport(bridge.returned()), bridge.application));
    }

    @Override
    public <P extends Protocol<? super WriteTransport>> CompletableFuture<Connection<WriteTransport, P>> connectWritePipe(
            Supplier<P> protocolFactory, Pipe.SinkChannel pipe) {
        return returned(reference.connectWritePipe(() -> new PipeBridge<WriteTransport, P>(protocolFactory.get(), mutation::writePipe), pipe),
                bridge -> new Connection<>(mutation.returnedTransport(bridge.returned()), bridge.application));
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
