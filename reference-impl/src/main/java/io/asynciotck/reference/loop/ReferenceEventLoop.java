package io.asynciotck.reference.loop;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;
import io.asynciotck.reference.process.NativeProcess;
import io.asynciotck.reference.transport.UdpTransport;
import io.asynciotck.reference.transport.TlsTransport;
import io.asynciotck.reference.transport.TcpTransport;
import io.asynciotck.reference.transport.TcpServer;
import io.asynciotck.reference.transport.TcpConnector;
import io.asynciotck.reference.transport.ProcessTransport;
import io.asynciotck.reference.transport.PipeWriteTransport;
import io.asynciotck.reference.transport.PipeReadTransport;
import io.asynciotck.reference.transport.ChannelTransport;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The reference event loop: the {@link SelectorEventLoop} with TCP transports ({@link TcpTransport},
 * {@link TcpServer}, {@link TcpConnector}), UDP endpoints ({@link UdpTransport}), pipes
 * ({@link PipeReadTransport}, {@link PipeWriteTransport}) and child processes
 * ({@link ProcessTransport}, on 64-bit Linux 5.3+). This class holds what the calls share: argument
 * checks, host resolution, running the creation on the loop thread and completing the future; the
 * transports do the rest.
 *
 * <p>Errors of the connection-creating calls: these methods never throw. Every error completes the
 * returned future exceptionally, as awaiting asyncio's coroutine raises it:
 * <ul>
 *   <li>{@link NullPointerException}: a null protocol factory, host or socket, or a factory that
 *       returned null;</li>
 *   <li>{@link IllegalArgumentException}: a port outside [0, 65535], a socket channel that is not
 *       connected; a datagram endpoint with neither a local nor a remote address, with a remote port
 *       0, or whose local and remote addresses have no address family in common;</li>
 *   <li>{@link IllegalStateException}: the loop is closed;</li>
 *   <li>an {@link IOException}: the host cannot be resolved ({@link UnknownHostException}), the
 *       connection fails ({@link java.net.ConnectException}), the address cannot be bound
 *       ({@link java.net.BindException});</li>
 *   <li>whatever the protocol factory threw.</li>
 * </ul>
 * No protocol callback is called when the future fails. Host names are resolved off the loop thread
 * (in the common fork-join pool), every other step runs on the loop thread; the futures complete there,
 * a connection's only after its protocol's {@code connectionMade}. If {@code connectionMade} throws,
 * the future still completes (the connection was made) and the transport closes with that exception.
 * A future the caller cancels before it completes closes the connection or server it would have
 * carried.
 */
public final class ReferenceEventLoop extends SelectorEventLoop {

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(host, "host");
            checkPort(port);
            checkOpen();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<StreamTransport, P>> result = new CompletableFuture<>();
        resolveThen(host, result, addresses -> new TcpConnector<>(this, addresses, port, protocolFactory, result).connectNext());
        return result;
    }

    /** Takes over {@code sock}, a connected channel, and makes it non-blocking (on the loop thread). */
    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(sock, "sock");
            if (!sock.isConnected()) {
                throw new IllegalArgumentException("sock must be a connected SocketChannel, but it is "
                        + (sock.isOpen() ? "not connected" : "closed"));
            }
            checkOpen();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<StreamTransport, P>> result = new CompletableFuture<>();
        onLoop(result, () -> {
            try {
                sock.configureBlocking(false);
                if (sock.getRemoteAddress() instanceof InetSocketAddress) {
                    sock.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                closeQuietly(sock);
                result.completeExceptionally(e);
                return;
            }
            establish(sock, null, protocolFactory, result);
        });
        return result;
    }

    /** A null or empty host listens on every interface (asyncio's {@code host=None}). */
    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port) {
        return createServer(protocolFactory, host, port, DEFAULT_BACKLOG);
    }

    /**
     * As asyncio: each listening socket is bound with {@code backlog}, and up to {@code backlog}
     * connections are accepted per readiness event.
     */
    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, int backlog) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            checkPort(port);
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
            }
            checkOpen();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Server> result = new CompletableFuture<>();
        Consumer<List<InetSocketAddress>> listen = addresses -> {
            try {
                TcpServer server = TcpServer.listen(this, protocolFactory, addresses, backlog);
                if (!result.complete(server)) {
                    server.close();
                }
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        };
        if (host == null || host.isEmpty()) {
            onLoop(result, () -> listen.accept(List.of(new InetSocketAddress(port))));
        } else {
            resolveThen(host, result, addresses -> listen.accept(
                    Arrays.stream(addresses).map(address -> new InetSocketAddress(address, port)).toList()));
        }
        return result;
    }

    /**
     * A TLS connection ({@link TlsTransport} over a {@link TcpTransport}): connects as
     * {@link #createConnection(Supplier, String, int)}, then makes the handshake as the client, with
     * HTTPS host name verification against {@code tls.serverHostname()} (default: {@code host}) unless
     * that is empty, and SNI when the name is not an IP address. The future completes after the
     * application protocol's {@code connectionMade}; it fails with the handshake's error
     * ({@link javax.net.ssl.SSLHandshakeException} and the like) or the connection's.
     */
    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        SSLEngine engine;
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            checkPort(port);
            checkOpen();
            engine = clientEngine(tls, host, port);
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<StreamTransport, P>> result = new CompletableFuture<>();
        CompletableFuture<Connection<StreamTransport, TlsTransport>> tcp = new CompletableFuture<>();
        Supplier<TlsTransport> layer = () -> new TlsTransport(this, tls.context(), engine, protocolFactory,
                (transport, protocol) -> {
                    @SuppressWarnings("unchecked")
                    P typed = (P) protocol;
                    if (!result.complete(new Connection<>(transport, typed))) {
                        transport.abort(); // cancelled by the caller meanwhile
                    }
                },
                result::completeExceptionally);
        tcp.whenComplete((connection, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            }
        });
        resolveThen(host, result, addresses -> new TcpConnector<>(this, addresses, port, layer, tcp).connectNext());
        return result;
    }

    /**
     * A TLS server: every accepted connection makes the handshake as the server (requiring a client
     * certificate when {@code tls.clientCertificateRequired()}); only then is its protocol created. A
     * failed handshake drops the connection, and the server goes on serving.
     */
    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, ServerTls tls) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(tls, "tls");
            serverEngine(tls); // fails here, not per connection, for bad options
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        Supplier<Protocol<? super StreamTransport>> layers = () -> new TlsTransport(this, tls.context(), serverEngine(tls),
                protocolFactory, (transport, protocol) -> { }, failure -> { });
        return createServer(layers, host, port);
    }

    private static SSLEngine clientEngine(ClientTls tls, String host, int port) {
        String name = tls.serverHostname() != null ? tls.serverHostname() : host;
        SSLEngine engine = name.isEmpty() ? tls.context().createSSLEngine() : tls.context().createSSLEngine(name, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (!name.isEmpty()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(name)) {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            }
        }
        if (!tls.protocols().isEmpty()) {
            parameters.setProtocols(tls.protocols().toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLEngine serverEngine(ServerTls tls) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setNeedClientAuth(tls.clientCertificateRequired());
        if (!tls.protocols().isEmpty()) {
            parameters.setProtocols(tls.protocols().toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /**
     * Opens a UDP endpoint ({@link UdpTransport}): binds it to {@code localAddress}, or, when that is
     * null, to the wildcard address of {@code remoteAddress}'s family and an ephemeral port; connects
     * it to {@code remoteAddress} when that is given (it then receives only from that address, and
     * reports ICMP errors to {@code errorReceived}). Unresolved addresses are resolved off the loop
     * thread; of the results, the first remote address and the first local address of its family are
     * used. The future completes after {@code connectionMade}.
     */
    @Override
    public <P extends DatagramProtocol> CompletableFuture<Connection<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            if (localAddress == null && remoteAddress == null) {
                throw new IllegalArgumentException(
                        "createDatagramEndpoint needs a local address, a remote address or both, but both are null");
            }
            if (remoteAddress != null && remoteAddress.getPort() == 0) {
                throw new IllegalArgumentException("remote address " + remoteAddress
                        + " has port 0: an endpoint cannot be connected to port 0");
            }
            checkOpen();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<DatagramTransport, P>> result = new CompletableFuture<>();
        candidatesThen(remoteAddress, result, remotes -> candidatesThen(localAddress, result, locals -> {
            completeWith(result, () -> {
                InetSocketAddress remote = remotes.isEmpty() ? null : remotes.get(0);
                InetSocketAddress local = locals.isEmpty() ? null : locals.get(0);
                if (remote != null && local != null) {
                    InetSocketAddress[] pair = sameFamily(locals, remotes, localAddress, remoteAddress);
                    local = pair[0];
                    remote = pair[1];
                }
                return UdpTransport.open(this, local, remote, protocolFactory);
            }, () -> { });
        }));
        return result;
    }

    /**
     * Starts a child process ({@link ProcessTransport}). {@code argv[0]} is looked up on the child's
     * {@code PATH} (the parent's plus the options' additions) unless it contains a slash. The future
     * completes after {@code connectionMade}, which comes after every pipe is connected; it fails,
     * with no protocol callback, with {@link NullPointerException} (a null argument or element),
     * {@link IllegalArgumentException} (an empty {@code argv}, a NUL character, a bad variable name),
     * {@link java.io.FileNotFoundException} (no such program or working directory), another
     * {@link IOException} when the child cannot be started, {@link UnsupportedOperationException} where
     * child processes are not supported (see {@link #subprocessSupport()}), or whatever the protocol
     * factory threw (the child is then killed and reaped).
     */
    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
        List<String> args;
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(argv, "argv");
            Objects.requireNonNull(options, "options");
            args = List.copyOf(argv);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("argv is empty: it needs at least the program");
            }
            checkOpen();
            String unsupported = subprocessSupport();
            if (unsupported != null) {
                throw new UnsupportedOperationException(unsupported);
            }
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<SubprocessTransport, P>> result = new CompletableFuture<>();
        onLoop(result, () -> completeWith(result,
                () -> ProcessTransport.start(this, protocolFactory, args, options), () -> { }));
        return result;
    }

    /** {@code subprocessExec} of {@code /bin/sh -c command}, as {@code Popen(shell=True)}. */
    @Override
    public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command, SubprocessOptions options) {
        if (command == null) {
            return CompletableFuture.failedFuture(new NullPointerException("command"));
        }
        return subprocessExec(protocolFactory, List.of("/bin/sh", "-c", command), options);
    }

    /** Null when child processes are supported here; else why not (they need 64-bit Linux 5.3+ and JNA). */
    public static String subprocessSupport() {
        return NativeProcess.unsupportedReason();
    }

    /**
     * Takes over {@code pipe} (made non-blocking, registered with the selector) as a
     * {@link PipeReadTransport}. The future completes after {@code connectionMade}; it fails with
     * {@link NullPointerException} for a null argument, {@link IllegalArgumentException} for a closed
     * channel, or whatever the protocol factory threw (the channel is then closed).
     */
    @Override
    public <P extends Protocol<? super ReadTransport>> CompletableFuture<Connection<ReadTransport, P>> connectReadPipe(
            Supplier<P> protocolFactory, Pipe.SourceChannel pipe) {
        return connectPipe(protocolFactory, pipe,
                (registration, protocol) -> new PipeReadTransport(this, pipe, registration, protocol));
    }

    /**
     * Takes over {@code pipe} (made non-blocking, registered with the selector) as a
     * {@link PipeWriteTransport}. Errors as {@link #connectReadPipe}.
     */
    @Override
    public <P extends Protocol<? super WriteTransport>> CompletableFuture<Connection<WriteTransport, P>> connectWritePipe(
            Supplier<P> protocolFactory, Pipe.SinkChannel pipe) {
        return connectPipe(protocolFactory, pipe,
                (registration, protocol) -> new PipeWriteTransport(this, pipe, registration, protocol));
    }

    /** What connectReadPipe and connectWritePipe share: checks, registration on the loop thread, start. */
    private <V extends BaseTransport, P extends BaseProtocol<?>> CompletableFuture<Connection<V, P>> connectPipe(
            Supplier<P> protocolFactory, SelectableChannel pipe, BiFunction<IoRegistration, P, ChannelTransport<?, ?>> transportFactory) {
        try {
            Objects.requireNonNull(protocolFactory, "protocolFactory");
            Objects.requireNonNull(pipe, "pipe");
            if (!pipe.isOpen()) {
                throw new IllegalArgumentException("the pipe channel is closed");
            }
            checkOpen();
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CompletableFuture<Connection<V, P>> result = new CompletableFuture<>();
        onLoop(result, () -> completeWith(result, () -> {
            pipe.configureBlocking(false);
            SelectionKey key = register(pipe, 0, null);
            P protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
            ChannelTransport<?, ?> transport = transportFactory.apply(IoRegistration.of(key), protocol);
            transport.start();
            @SuppressWarnings("unchecked")
            V asTransport = (V) transport;
            return new Connection<>(asTransport, protocol);
        }, () -> closeQuietly(pipe))); // closing the channel also cancels its key
        return result;
    }

    /**
     * Creates the protocol and the transport of a connected, non-blocking channel, calls
     * {@code connectionMade} and completes {@code result}. On failure the channel is closed and
     * {@code result} fails. Loop thread.
     *
     * @param key the channel's key with this loop, or null if it is not registered yet
     */
    public <P extends Protocol<? super StreamTransport>> void establish(SocketChannel channel, SelectionKey key, Supplier<P> protocolFactory,
                                                                 CompletableFuture<Connection<StreamTransport, P>> result) {
        completeWith(result, () -> openTransport(channel, key, protocolFactory),
                () -> closeQuietly(channel)); // closing the channel also cancels its key
    }

    /**
     * Opens a connection on the loop thread and completes {@code result} with it. If the caller has
     * cancelled {@code result} already, or opening fails, {@code release} frees what was acquired for
     * it; a connection that nobody waits for any more is closed.
     */
    private <T extends BaseTransport, P extends BaseProtocol<?>> void completeWith(
            CompletableFuture<Connection<T, P>> result, Opener<T, P> opener, Runnable release) {
        if (result.isDone()) { // cancelled by the caller
            release.run();
            return;
        }
        Connection<T, P> connection;
        try {
            connection = opener.open();
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            release.run();
            result.completeExceptionally(failure);
            return;
        }
        if (!result.complete(connection)) {
            connection.transport().close();
        }
    }

    /** Opens a connection: creates the transport and its protocol and calls {@code connectionMade}. */
    @FunctionalInterface
    private interface Opener<T extends BaseTransport, P extends BaseProtocol<?>> {
        Connection<T, P> open() throws Exception;
    }

    /**
     * Creates the protocol and the transport of a connected, non-blocking channel and calls
     * {@code connectionMade}. Loop thread.
     *
     * @param key the channel's key with this loop, or null if it is not registered yet
     * @throws NullPointerException if the factory returns null
     * @throws IOException          if the channel cannot be registered
     */
    public <P extends Protocol<? super StreamTransport>> Connection<StreamTransport, P> openTransport(
            SocketChannel channel, SelectionKey key, Supplier<? extends P> protocolFactory) throws IOException {
        P protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
        TcpTransport transport = new TcpTransport(this, channel, key != null ? key : register(channel, 0, null), protocol);
        transport.start();
        return new Connection<>(transport, protocol);
    }

    public static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with a channel we give up on
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("the event loop is closed");
        }
    }

    /** Runs {@code task} on the loop thread, or fails {@code result} if the loop is closed. */
    private void onLoop(CompletableFuture<?> result, Runnable task) {
        try {
            callSoon(task);
        } catch (IllegalStateException closed) {
            result.completeExceptionally(closed);
        }
    }

    /**
     * Runs {@code then} on the loop thread with the candidates for {@code address}: none for null,
     * the address itself if resolved, else one per address of its host (resolved off the loop thread);
     * or fails {@code result}.
     */
    private void candidatesThen(InetSocketAddress address, CompletableFuture<?> result,
                                Consumer<List<InetSocketAddress>> then) {
        if (address != null && address.isUnresolved()) {
            resolveThen(address.getHostString(), result, found -> then.accept(
                    Arrays.stream(found).map(host -> new InetSocketAddress(host, address.getPort())).toList()));
        } else {
            onLoop(result, () -> then.accept(address == null ? List.of() : List.of(address)));
        }
    }

    /**
     * The first remote candidate with a local candidate of the same address family, as
     * {@code {local, remote}}.
     *
     * @throws IllegalArgumentException naming both given addresses if there is none
     */
    private static InetSocketAddress[] sameFamily(List<InetSocketAddress> locals, List<InetSocketAddress> remotes,
                                                  InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        for (InetSocketAddress remote : remotes) {
            for (InetSocketAddress local : locals) {
                if (UdpTransport.familyOf(local.getAddress()).equals(UdpTransport.familyOf(remote.getAddress()))) {
                    return new InetSocketAddress[] {local, remote};
                }
            }
        }
        throw new IllegalArgumentException("local address " + localAddress + " and remote address " + remoteAddress
                + " have no address family in common");
    }

    /** Resolves {@code host} off the loop thread, then runs {@code then} on it, or fails {@code result}. */
    private void resolveThen(String host, CompletableFuture<?> result, Consumer<InetAddress[]> then) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }).whenComplete((addresses, failure) -> onLoop(result, () -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                then.accept(addresses);
            }
        }));
    }
}
