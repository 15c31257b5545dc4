package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.reference.loop.IoHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A connection in progress for {@code createConnection(factory, host, port)}: tries the host's
 * addresses in turn with a non-blocking connect ({@code OP_CONNECT}), as asyncio does, and hands the
 * first connected channel to a new {@link TcpTransport}. When every address fails, the future fails
 * with the first error, the others added as suppressed; the protocol factory is never called then.
 */
public final class TcpConnector<P extends Protocol<? super StreamTransport>> implements IoHandler {

    private final ReferenceEventLoop loop;
    private final InetAddress[] addresses;
    private final int port;
    private final Supplier<P> protocolFactory;
    private final CompletableFuture<Connection<StreamTransport, P>> result;
    private int next;
    private IOException failure;
    private SocketChannel channel;
    private SelectionKey key;

    public TcpConnector(ReferenceEventLoop loop, InetAddress[] addresses, int port, Supplier<P> protocolFactory,
                 CompletableFuture<Connection<StreamTransport, P>> result) {
        this.loop = loop;
        this.addresses = addresses;
        this.port = port;
        this.protocolFactory = protocolFactory;
        this.result = result;
    }

    /** Starts connecting to the next address; fails the future when there is none left. Loop thread. */
    public void connectNext() {
        while (next < addresses.length && !result.isDone()) {
            InetSocketAddress target = new InetSocketAddress(addresses[next++], port);
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (channel.connect(target)) {
                    connected();
                } else {
                    key = loop.register(channel, SelectionKey.OP_CONNECT, this);
                }
                return;
            } catch (IOException e) {
                attemptFailed(e);
            }
        }
        if (!result.isDone()) {
            result.completeExceptionally(failure); // getAllByName never returns an empty array
        }
    }

    @Override
    public void onReady(int readyOps) {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            attemptFailed(e);
            connectNext();
            return;
        }
        connected();
    }

    @Override
    public void onLoopClose() {
        release();
        result.completeExceptionally(new IllegalStateException("the event loop was closed before the connection was made"));
    }

    @Override
    public String toString() {
        return "TcpConnector[" + channel + "]";
    }

    private void connected() {
        SelectionKey connectedKey = key;
        key = null;
        if (connectedKey != null) {
            connectedKey.interestOps(0);
        }
        loop.establish(channel, connectedKey, protocolFactory, result);
    }

    private void attemptFailed(IOException e) {
        release();
        if (failure == null) {
            failure = e;
        } else {
            failure.addSuppressed(e);
        }
    }

    private void release() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            ReferenceEventLoop.closeQuietly(channel);
            channel = null;
        }
    }
}
