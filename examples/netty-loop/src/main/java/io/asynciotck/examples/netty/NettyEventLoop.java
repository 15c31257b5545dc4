package io.asynciotck.examples.netty;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An asyncio-style event loop on Netty: a {@link ManualIoEventLoop} (Netty 4.2), which the thread that
 * calls {@link #runForever()} drives itself, so that every channel's I/O, every handler and so every
 * protocol callback runs on that one thread, as asyncio's loop does. {@link #callSoon} and
 * {@link #callLater} are Netty's {@code execute} and {@code schedule}: safe from any thread.
 */
final class NettyEventLoop implements EventLoop {

    /** How long one turn of the loop may block waiting for I/O when there is nothing to do. */
    private static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ManualIoEventLoop netty = new ManualIoEventLoop(null, null, NioIoHandler.newFactory());
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile Consumer<ExceptionContext> exceptionHandler = context -> {
        System.err.println("netty-loop: " + context.message() + ": " + context.exception());
    };

    /** Reports an exception a protocol callback threw, as asyncio's {@code call_exception_handler}. */
    void report(String message, Throwable exception, Object transport, Object protocol) {
        exceptionHandler.accept(new ExceptionContext(message, exception, transport, protocol));
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        CompletableFuture<Connection<StreamTransport, P>> made = new CompletableFuture<>();
        P protocol = protocolFactory.get();
        new Bootstrap().group(netty).channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new NettyStreamTransport(this, protocol, made))
                .connect(host, port)
                .addListener(connect -> {
                    if (!connect.isSuccess()) {
                        made.completeExceptionally(connect.cause());
                    }
                });
        return made;
    }

    /**
     * A TLS connection: Netty's {@link SslHandler} over an {@code SSLEngine} of the caller's context, in client
     * mode, checking the server's name as HTTPS does (unless {@code serverHostname} is empty) and sending it
     * as SNI when it is a name.
     */
    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        CompletableFuture<Connection<StreamTransport, P>> made = new CompletableFuture<>();
        P protocol = protocolFactory.get();
        String name = tls.serverHostname() == null ? host : tls.serverHostname();
        new Bootstrap().group(netty).channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SSLEngine engine = tls.context().createSSLEngine(name.isEmpty() ? host : name, port);
                        engine.setUseClientMode(true);
                        SSLParameters parameters = engine.getSSLParameters();
                        if (!name.isEmpty()) {
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            if (!isAddress(name)) {
                                parameters.setServerNames(List.of(new SNIHostName(name)));
                            }
                        }
                        if (!tls.protocols().isEmpty()) {
                            parameters.setProtocols(tls.protocols().toArray(String[]::new));
                        }
                        engine.setSSLParameters(parameters);
                        SslHandler handler = new SslHandler(engine);
                        channel.pipeline().addLast(handler, new NettyStreamTransport(NettyEventLoop.this, protocol, made,
                                handler, tls.context()));
                    }
                })
                .connect(host, port)
                .addListener(connect -> {
                    if (!connect.isSuccess()) {
                        made.completeExceptionally(connect.cause());
                    }
                });
        return made;
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        CompletableFuture<Connection<StreamTransport, P>> made = new CompletableFuture<>();
        NioSocketChannel channel = new NioSocketChannel(sock);
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.pipeline().addLast(new NettyStreamTransport(this, protocolFactory.get(), made));
        netty.register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                made.completeExceptionally(registered.cause());
            }
        });
        return made;
    }

    /**
     * A UDP endpoint: bound to {@code localAddress} if given, connected to {@code remoteAddress} if given
     * ({@code Bootstrap.connect} binds and connects in one step, so that {@code connection_made()} comes
     * once the endpoint is connected).
     */
    @Override
    public <P extends DatagramProtocol> CompletableFuture<Connection<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        CompletableFuture<Connection<DatagramTransport, P>> made = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(netty).channel(NioDatagramChannel.class)
                .handler(new NettyDatagramTransport(this, protocolFactory.get(), made));
        ChannelFuture opened = remoteAddress != null ? bootstrap.connect(remoteAddress, localAddress) : bootstrap.bind(localAddress);
        opened.addListener(done -> {
            if (!done.isSuccess()) {
                made.completeExceptionally(done.cause());
            }
        });
        return made;
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port) {
        return createServer(protocolFactory, host, port, DEFAULT_BACKLOG);
    }

    /** The backlog is Netty's {@code SO_BACKLOG}. */
    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, int backlog) {
        if (backlog < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("backlog must be at least 1, got " + backlog));
        }
        return listen(host, port, backlog, channel -> channel.pipeline().addLast(
                new NettyStreamTransport(this, protocolFactory.get(), null)));
    }

    /** A TLS server: each accepted channel gets an {@link SslHandler} in server mode before its transport. */
    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port, ServerTls tls) {
        return listen(host, port, DEFAULT_BACKLOG, channel -> {
            SSLEngine engine = tls.context().createSSLEngine();
            engine.setUseClientMode(false);
            engine.setNeedClientAuth(tls.clientCertificateRequired());
            if (!tls.protocols().isEmpty()) {
                engine.setEnabledProtocols(tls.protocols().toArray(String[]::new));
            }
            SslHandler handler = new SslHandler(engine);
            channel.pipeline().addLast(handler, new NettyStreamTransport(this, protocolFactory.get(), null, handler, tls.context()));
        });
    }

    private CompletableFuture<Server> listen(String host, int port, int backlog, Consumer<Channel> accepted) {
        CompletableFuture<Server> listening = new CompletableFuture<>();
        new ServerBootstrap().group(netty, netty).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted.accept(channel);
                    }
                })
                .bind(host, port)
                .addListener((ChannelFutureListener) bound -> {
                    if (bound.isSuccess()) {
                        listening.complete(new NettyServer(bound.channel()));
                    } else {
                        listening.completeExceptionally(bound.cause());
                    }
                });
        return listening;
    }

    @Override
    public Handle callSoon(Runnable callback) {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        NettyHandle handle = new NettyHandle(callback);
        netty.execute(handle);
        return handle;
    }

    @Override
    public Handle callLater(Duration delay, Runnable callback) {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        NettyHandle handle = new NettyHandle(callback);
        netty.schedule(handle, delay.toNanos(), TimeUnit.NANOSECONDS);
        return handle;
    }

    @Override
    public boolean inLoopThread() {
        return netty.inEventLoop();
    }

    @Override
    public void runForever() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        if (running) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (!netty.inEventLoop()) {
            netty.setOwningThread(Thread.currentThread());
        }
        running = true;
        try {
            while (!stopping) {
                netty.run(TURN_NANOS);
            }
        } finally {
            stopping = false;
            running = false;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        netty.wakeup();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void setExceptionHandler(Consumer<ExceptionContext> handler) {
        exceptionHandler = handler;
    }

    /**
     * Shuts Netty's loop down on the loop's own thread, which closes every channel still registered (their
     * protocols get {@code connectionLost}), and runs it until it has terminated.
     */
    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        closed = true;
        if (!netty.inEventLoop()) {
            // never ran: nothing of it is in use; take it over to shut it down
            netty.setOwningThread(Thread.currentThread());
        }
        netty.shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
        while (!netty.isTerminated()) {
            netty.run(TURN_NANOS);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** A callback, cancellable until it runs. */
    private static final class NettyHandle implements Handle, Runnable {
        private final Runnable callback;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        NettyHandle(Runnable callback) {
            this.callback = callback;
        }

        @Override
        public void run() {
            if (!cancelled.get()) {
                callback.run();
            }
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    /** A listening server channel. */
    private static final class NettyServer implements Server {
        private final Channel channel;
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        NettyServer(Channel channel) {
            this.channel = channel;
            channel.closeFuture().addListener(done -> closed.complete(null));
        }

        @Override
        public java.util.List<InetSocketAddress> addresses() {
            return java.util.List.of((InetSocketAddress) channel.localAddress());
        }

        @Override
        public void close() {
            channel.close();
        }

        @Override
        public CompletableFuture<Void> waitClosed() {
            return closed;
        }

        @Override
        public boolean isServing() {
            return channel.isOpen();
        }
    }
}
