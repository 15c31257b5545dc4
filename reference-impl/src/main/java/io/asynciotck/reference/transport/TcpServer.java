package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A listening TCP server, as asyncio's {@code Server}: one listening socket per address, one new
 * protocol and {@link TcpTransport} per accepted connection. Used on the loop thread.
 *
 * <p>{@link #close()} stops accepting and closes the listening sockets; accepted connections stay
 * open. {@link #waitClosed()} completes once the listening sockets are really closed (after the
 * selector has released them), so a connection attempt made after it completes is refused. It does
 * not wait for the accepted connections, as the API specifies (asyncio 3.12+ does wait for them).
 */
public final class TcpServer implements Server {

    /** How long accepting pauses after accept() failed (asyncio's {@code ACCEPT_RETRY_DELAY}). */
    private static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

    private final ReferenceEventLoop loop;
    private final Supplier<? extends Protocol<? super StreamTransport>> protocolFactory;
    private final List<Listener> listeners = new ArrayList<>();
    /** The listen queue's length, also the most connections accepted per readiness event (as asyncio's). */
    private final int backlog;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean serving = true;

    private TcpServer(ReferenceEventLoop loop, Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                      int backlog) {
        this.loop = loop;
        this.protocolFactory = protocolFactory;
        this.backlog = backlog;
    }

    /**
     * Binds a listening socket to each address and starts accepting. Loop thread.
     *
     * @throws IOException if one cannot be bound; those already bound are closed then
     */
    public static TcpServer listen(ReferenceEventLoop loop, Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                            List<InetSocketAddress> addresses, int backlog) throws IOException {
        TcpServer server = new TcpServer(loop, protocolFactory, backlog);
        try {
            for (InetSocketAddress address : addresses) {
                server.listeners.add(server.new Listener(address));
            }
        } catch (IOException | RuntimeException e) {
            server.listeners.forEach(Listener::release);
            throw e;
        }
        return server;
    }

    /** The bound addresses; empty once closed (asyncio's {@code server.sockets}). */
    @Override
    public List<InetSocketAddress> addresses() {
        return serving ? listeners.stream().map(listener -> listener.address).toList() : List.of();
    }

    @Override
    public void close() {
        if (!serving) {
            return;
        }
        serving = false;
        listeners.forEach(Listener::release);
        loop.callAfterDeregistration(() -> closed.complete(null));
    }

    @Override
    public CompletableFuture<Void> waitClosed() {
        return closed;
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public String toString() {
        return "TcpServer[" + (serving ? addresses() : "closed") + "]";
    }

    private void accept(SocketChannel accepted) {
        try {
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            loop.openTransport(accepted, null, protocolFactory);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            ReferenceEventLoop.closeQuietly(accepted);
            loop.reportException(new ExceptionContext("Error on transport creation for incoming connection", failure, null, null));
        }
    }

    /** One listening socket. */
    private final class Listener implements IoHandler {

        private final ServerSocketChannel channel;
        private final InetSocketAddress address;
        private final SelectionKey key;

        Listener(InetSocketAddress bindAddress) throws IOException {
            channel = ServerSocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(bindAddress, backlog);
                channel.configureBlocking(false);
                address = (InetSocketAddress) channel.getLocalAddress();
                key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void onReady(int readyOps) {
            for (int i = 0; i < backlog && serving; i++) {
                SocketChannel accepted;
                try {
                    accepted = channel.accept();
                } catch (IOException e) {
                    loop.reportException(new ExceptionContext(
                            "accept() failed; accepting paused for " + ACCEPT_RETRY_DELAY, e, TcpServer.this, null));
                    key.interestOps(0);
                    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                        if (serving) {
                            key.interestOps(SelectionKey.OP_ACCEPT);
                        }
                    });
                    return;
                }
                if (accepted == null) {
                    return;
                }
                accept(accepted);
            }
        }

        @Override
        public void onLoopClose() {
            close();
        }

        void release() {
            key.cancel();
            ReferenceEventLoop.closeQuietly(channel);
        }

        @Override
        public String toString() {
            return TcpServer.this.toString();
        }
    }
}
