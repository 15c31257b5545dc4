package io.asynciotck.reference.loop;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;

import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The selector loop alone, without transports. */
final class TestLoop extends SelectorEventLoop {

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                  String host, int port) {
        throw new UnsupportedOperationException();
    }
}
