package io.asynciotck.tck.hostile;

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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The reference loop, misbehaving as its {@link Hostility} says. */
final class HostileEventLoop implements EventLoop {

    private final EventLoop reference;
    private final Hostility hostility;

    HostileEventLoop(EventLoop reference, Hostility hostility) {
        this.reference = reference;
        this.hostility = hostility;
    }

    // ---- the connection-making calls

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        switch (hostility) {
            case EXIT -> System.exit(0);
            case HALT -> Runtime.getRuntime().halt(0);
            case KILL_THREADS -> killEveryThread();
            case BLOCKS_IN_CALL -> blockForever();
            case FREEZES_THE_JVM -> freezeTheJvm();
            default -> {
            }
        }
        return stream(reference.createConnection(() -> new Forwarding<>(protocolFactory.get(), hostility), host, port));
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        return stream(reference.createConnection(() -> new Forwarding<>(protocolFactory.get(), hostility), sock));
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        return stream(reference.createConnection(() -> new Forwarding<>(protocolFactory.get(), hostility), host, port, tls));
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port) {
        return pending(reference.createServer(() -> new Forwarding<>(protocolFactory.get(), hostility), host, port));
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, ServerTls tls) {
        return pending(reference.createServer(() -> new Forwarding<>(protocolFactory.get(), hostility), host, port, tls));
    }

    @Override
    public <P extends DatagramProtocol> CompletableFuture<Connection<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        throwIfHostile();
        return pending(reference.createDatagramEndpoint(protocolFactory, localAddress, remoteAddress));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
        throwIfHostile();
        return pending(reference.subprocessExec(protocolFactory, argv, options));
    }

    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command, SubprocessOptions options) {
        throwIfHostile();
        return pending(reference.subprocessShell(protocolFactory, command, options));
    }

    @Override
    public <P extends Protocol<? super ReadTransport>> CompletableFuture<Connection<ReadTransport, P>> connectReadPipe(
            Supplier<P> protocolFactory, Pipe.SourceChannel pipe) {
        throwIfHostile();
        return pending(reference.connectReadPipe(protocolFactory, pipe));
    }

    @Override
    public <P extends Protocol<? super WriteTransport>> CompletableFuture<Connection<WriteTransport, P>> connectWritePipe(
            Supplier<P> protocolFactory, Pipe.SinkChannel pipe) {
        throwIfHostile();
        return pending(reference.connectWritePipe(protocolFactory, pipe));
    }

    /** The application's connection, with the transport its protocol was given. */
    @SuppressWarnings("unchecked")
    private <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> stream(
            CompletableFuture<? extends Connection<StreamTransport, ? extends Forwarding<?>>> future) {
        throwIfHostile();
        return pending(future.thenApply(c -> new Connection<>(c.protocol().transport, (P) c.protocol().application)));
    }

    private <T> CompletableFuture<T> pending(CompletableFuture<T> future) {
        throwIfHostile();
        return hostility == Hostility.NEVER_ANSWERS ? new CompletableFuture<>() : future;
    }

    private void throwIfHostile() {
        if (hostility == Hostility.THROWS) {
            throw new IllegalStateException("hostile: refuses every call");
        }
    }

    // ---- scheduling and life cycle

    @Override
    public Handle callSoon(Runnable callback) {
        throwIfHostile();
        return reference.callSoon(callback);
    }

    @Override
    public Handle callLater(Duration delay, Runnable callback) {
        throwIfHostile();
        return reference.callLater(delay, callback);
    }

    @Override
    public boolean inLoopThread() {
        return reference.inLoopThread();
    }

    @Override
    public void runForever() {
        throwIfHostile();
        if (hostility == Hostility.WEDGED) {
            blockForever();
        }
        reference.runForever();
    }

    @Override
    public void stop() {
        reference.stop();
    }

    @Override
    public boolean isRunning() {
        return reference.isRunning();
    }

    @Override
    public void setExceptionHandler(Consumer<ExceptionContext> handler) {
        reference.setExceptionHandler(handler);
    }

    @Override
    public void close() {
        reference.close();
        throwIfHostile();
    }

    @Override
    public boolean isClosed() {
        return reference.isClosed();
    }

    // ---- the hostile acts

    static void blockForever() {
        while (true) {
            LockSupport.park(); // interrupts and unparks do not end it
        }
    }

    private static void freezeTheJvm() {
        try {
            new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void killEveryThread() {
        Thread self = Thread.currentThread();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread != self) {
                try {
                    thread.stop();
                } catch (UnsupportedOperationException | SecurityException e) {
                    thread.interrupt();
                }
            }
        }
        self.stop();
    }

    /** The application's protocol, behind the transport and the threads the hostility gives it. */
    private static final class Forwarding<P extends Protocol<? super StreamTransport>> implements Protocol<StreamTransport> {
        final P application;
        final Hostility hostility;
        volatile StreamTransport transport;

        Forwarding(P application, Hostility hostility) {
            this.application = application;
            this.hostility = hostility;
        }

        private void call(Runnable callback) {
            if (hostility == Hostility.FOREIGN_THREADS) {
                new Thread(callback, "hostile-callback").start();
            } else {
                callback.run();
            }
        }

        @Override
        public void connectionMade(StreamTransport real) {
            transport = hostility == Hostility.BLOCKS_IN_WRITE ? blockingInWrite(real) : real;
            call(() -> application.connectionMade(transport));
        }

        @Override
        public void connectionLost(Exception exc) {
            call(() -> application.connectionLost(exc));
        }

        @Override
        public void pauseWriting() {
            call(application::pauseWriting);
        }

        @Override
        public void resumeWriting() {
            call(application::resumeWriting);
        }

        @Override
        public void dataReceived(byte[] data) {
            call(() -> application.dataReceived(data));
        }

        @Override
        public boolean eofReceived() {
            if (hostility == Hostility.FOREIGN_THREADS) {
                call(application::eofReceived);
                return true;
            }
            return application.eofReceived();
        }

        private static StreamTransport blockingInWrite(StreamTransport real) {
            return (StreamTransport) Proxy.newProxyInstance(StreamTransport.class.getClassLoader(),
                    new Class<?>[] {StreamTransport.class}, (proxy, method, args) -> {
                        if (method.getName().equals("write") || method.getName().equals("writelines")) {
                            blockForever();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
