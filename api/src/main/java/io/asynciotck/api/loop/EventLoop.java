package io.asynciotck.api.loop;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop: the calls of asyncio's {@code BaseEventLoop} that create transports, plus the
 * scheduling and life-cycle calls needed to drive them. The TCK's in-process driver drives a loop with
 * {@link #runForever()}, {@link #stop()}, {@link #callSoon}, {@link #setExceptionHandler} and
 * {@link #close()}; {@link #callLater}, {@link #isRunning()}, {@link #isClosed()} and
 * {@link #inLoopThread()} mirror asyncio's for implementations' own use, and no scenario checks them.
 *
 * <h2>Life cycle, as the TCK drives it</h2>
 * For every scenario (and every further loop a scenario asks for), the TCK:
 * <ol>
 *   <li>calls {@link io.asynciotck.api.spi.EventLoopProvider#newEventLoop()} on one of its own threads, and
 *       {@link #setExceptionHandler} before the loop runs;</li>
 *   <li>starts a dedicated thread, the <em>loop thread</em>, that calls {@link #runForever()}, which returns
 *       only once {@link #stop()} was called;</li>
 *   <li>makes every call on the loop, its servers and transports (and the protocol factories' products)
 *       from inside a callback it schedules with {@link #callSoon} from its own thread, so that they run on
 *       the loop thread, and waits for that callback's result: {@code callSoon} is the one call it makes
 *       from another thread while the loop runs;</li>
 *   <li>at the end of the scenario, schedules {@link #stop()} with {@link #callSoon} (or calls {@code stop()}
 *       directly if {@code callSoon} is refused), waits for {@link #runForever()} to return, and then the
 *       loop thread itself calls {@link #close()}: a loop is never closed while it runs, nor from another
 *       thread. Transports and servers still open at that point are the loop's to release in
 *       {@code close()}.</li>
 * </ol>
 * Every call the TCK makes into an implementation is bounded by the timeout ({@code --timeout}): a loop
 * that does not answer, or does not stop, fails the scenario with a message saying where its thread is.
 *
 * <h2>Threading</h2>
 * The loop runs every callback, protocol callbacks and protocol factories included, on the one thread
 * that called {@link #runForever()} (RULES.md, PR-5 and stance S-22: the TCK records the thread of every
 * callback and fails a scenario on a callback from any other), one at a time (stance S-16). {@link #callSoon}, {@link #callLater},
 * {@link #stop()} and the connection-creating calls are safe to call from any thread; transports and
 * servers are used from the loop thread. Futures returned here complete on the loop thread.
 *
 * <p>Protocol factories are called on the loop thread, once per connection. The future of a call that
 * creates a connection completes only after the protocol's {@code connectionMade} was called (RULES.md,
 * CB-11).
 */
public interface EventLoop extends AutoCloseable {

    /**
     * {@code create_connection(protocol_factory, host, port)}: opens a TCP connection.
     *
     * @return completes with the connection once {@code connectionMade} has been called, or
     *         exceptionally (for example with {@code java.net.ConnectException}) with no protocol callback
     */
    <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port);

    /**
     * {@code create_connection(protocol_factory, sock=sock)}: wraps an already-connected socket, which
     * the loop then owns.
     */
    <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel sock);

    /**
     * {@code create_server(protocol_factory, host, port)}: listens on {@code host:port} (port 0 for any
     * free port); every accepted connection gets a new protocol from the factory.
     */
    CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                           String host, int port);

    /** asyncio's default length of a server's listen queue ({@code create_server(backlog=100)}). */
    int DEFAULT_BACKLOG = 100;

    /**
     * {@code create_server(protocol_factory, host, port, backlog=backlog)}: as
     * {@link #createServer(Supplier, String, int)}, with the length of the listening sockets' queue of
     * connections not yet accepted ({@code listen(2)}); {@link #createServer(Supplier, String, int)} uses
     * {@link #DEFAULT_BACKLOG}. No scenario checks it (the transports page does not name it). The default
     * ignores {@code backlog} and listens with the implementation's own; an implementation that can set it
     * overrides this.
     *
     * @param backlog at least 1
     */
    default CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                   String host, int port, int backlog) {
        if (backlog < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("backlog must be at least 1, got " + backlog));
        }
        return createServer(protocolFactory, host, port);
    }

    /**
     * {@code create_connection(protocol_factory, host, port, ssl=..., server_hostname=...)}: a TLS
     * connection. The future completes after the handshake and {@code connectionMade}; a failed
     * handshake (an untrusted or expired certificate, a wrong host name, no common protocol version, a
     * peer that does not speak TLS) fails it with the cause, with no protocol callback.
     *
     * <p>The transport keeps every stream rule, counting its write buffer in application bytes, with
     * these differences: {@code canWriteEof()} is false and {@code writeEof()} throws
     * {@link UnsupportedOperationException}; {@code close()} flushes, then sends close_notify; the
     * peer's close_notify calls {@code eofReceived()}, whose return value cannot keep the connection
     * open. {@code getExtraInfo} answers {@code compression}, {@code cipher}, {@code peercert} and
     * {@code sslcontext} besides the socket's names.
     */
    default <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, ClientTls tls) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("TLS"));
    }

    /**
     * {@code create_server(protocol_factory, host, port, ssl=...)}: every accepted connection makes a
     * TLS handshake first; its protocol gets {@code connectionMade} only once the handshake succeeded. A
     * connection whose handshake fails is dropped, without a protocol callback, and the server goes on.
     */
    default CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                   String host, int port, ServerTls tls) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("TLS"));
    }

    /**
     * {@code create_datagram_endpoint(protocol_factory, local_addr, remote_addr)}: at least one address
     * is given; a remote address connects the endpoint.
     */
    default <P extends DatagramProtocol> CompletableFuture<Connection<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("datagram endpoints"));
    }

    /** {@code subprocess_exec(protocol_factory, *args, stdin, stdout, stderr)}. */
    default <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("subprocesses"));
    }

    /** {@code subprocess_shell(protocol_factory, cmd, stdin, stdout, stderr)}: runs {@code cmd} with /bin/sh. */
    default <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command, SubprocessOptions options) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("subprocesses"));
    }

    /** {@code connect_read_pipe(protocol_factory, pipe)}. */
    default <P extends Protocol<? super ReadTransport>> CompletableFuture<Connection<ReadTransport, P>> connectReadPipe(
            Supplier<P> protocolFactory, Pipe.SourceChannel pipe) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("pipes"));
    }

    /** {@code connect_write_pipe(protocol_factory, pipe)}. */
    default <P extends Protocol<? super WriteTransport>> CompletableFuture<Connection<WriteTransport, P>> connectWritePipe(
            Supplier<P> protocolFactory, Pipe.SinkChannel pipe) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("pipes"));
    }

    /** {@code call_soon(callback)}: runs {@code callback} on the loop thread, soon. Thread-safe. */
    Handle callSoon(Runnable callback);

    /** {@code call_later(delay, callback)}: runs {@code callback} on the loop thread after {@code delay}. Thread-safe. */
    Handle callLater(Duration delay, Runnable callback);

    /** Whether the calling thread is the one running this loop. */
    boolean inLoopThread();

    /** {@code run_forever()}: runs callbacks and I/O on the calling thread until {@link #stop()}. */
    void runForever();

    /** {@code stop()}: makes {@link #runForever()} return after the current iteration. Thread-safe. */
    void stop();

    /** Whether {@link #runForever()} is running. */
    boolean isRunning();

    /**
     * Replaces the handler of exceptions thrown by callbacks (asyncio's {@code set_exception_handler}).
     * The TCK's in-process driver installs one that records what it is given; no rule says when it is
     * called.
     */
    void setExceptionHandler(Consumer<ExceptionContext> handler);

    /**
     * {@code close()}: releases the loop's resources. The loop must not be running; the TCK's in-process
     * driver calls it once, on the loop's thread, after {@link #runForever()} returned.
     */
    @Override
    void close();

    /** Whether {@link #close()} has been called. */
    boolean isClosed();
}
