package io.asynciotck.api.loop;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A listening server made by {@link EventLoop#createServer}: one protocol instance per accepted connection. */
public interface Server {

    /** The addresses the server's listening sockets are bound to (asyncio's {@code server.sockets[i].getsockname()}). */
    List<InetSocketAddress> addresses();

    /** Stops listening: the listening sockets are closed, and no new connection is accepted. */
    void close();

    /** Completes once {@link #close()} has been called and the listening sockets are closed. */
    CompletableFuture<Void> waitClosed();

    /** Whether the server is still accepting connections (no scenario checks it). */
    boolean isServing();
}
