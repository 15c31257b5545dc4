package io.asynciotck.tck.driver;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * One event loop of the implementation under test, for one scenario. Every method returns within the
 * session's arrival timeout ({@link #createSubprocess}: the start-up timeout), extended by the time the
 * TCK itself was starved, or throws {@link DriverException}: a {@link DriverTimeoutException} when the
 * implementation or its driver did not answer in time or could not be stopped. Errors raised by the
 * implementation come back as failed {@link Outcome}s.
 *
 * <p>Targets are ids the driver assigns: {@code c1}, {@code c2}... to connections in the order their
 * {@code connection_made} happens, {@code s1}, {@code s2}... to servers. The ids appear in the events.
 */
public interface DriverSession extends AutoCloseable {

    /**
     * {@code create_connection(factory, host, port)} with a scripted protocol.
     *
     * @return the connection id on success; the error otherwise
     */
    Outcome createConnection(String host, int port, Script script);

    /**
     * {@code create_connection(factory, sock=...)}: the driver connects a plain socket of its language
     * to {@code host:port} without the event loop, then hands it over.
     */
    Outcome createConnectionOverSocket(String host, int port, Script script);

    /**
     * {@code create_server(factory, host, port)}: every accepted connection gets a new scripted
     * protocol; their events carry the server id as origin.
     *
     * @return the server id on success
     */
    Outcome createServer(String host, int port, Script script);

    /**
     * {@code create_connection(factory, host, port, ssl=..., server_hostname=...)}: a TLS connection;
     * the outcome comes after the handshake. A failed handshake is the outcome's error, and no
     * callback of the protocol is recorded.
     */
    Outcome createTlsConnection(String host, int port, Values.TlsSpec tls, Script script);

    /**
     * {@code create_server(factory, host, port, ssl=...)}: every accepted connection makes a TLS
     * handshake before its protocol's {@code connection_made}.
     */
    Outcome createTlsServer(String host, int port, Values.TlsSpec tls, Script script);

    /**
     * {@code create_datagram_endpoint(factory, local_addr=local, remote_addr=remote)} with a scripted
     * datagram protocol; at least one address is given. A remote address connects the endpoint.
     *
     * @return the endpoint's id (a connection id: {@code c1}...) on success; the error otherwise
     */
    Outcome createDatagramEndpoint(Values.Address local, Values.Address remote, Script script);

    /**
     * {@code subprocess_exec(factory, *args, stdin=, stdout=, stderr=)}, or with
     * {@link Values.SubprocessSpec#shell()} {@code subprocess_shell(factory, cmd, ...)}, with a scripted
     * subprocess protocol. Its pipe transports are targets too: {@code get_pipe_transport(fd)} returns
     * their ids ({@code c1/0}, {@code c1/1}, {@code c1/2}) or null. Waits up to the start-up timeout, since
     * it includes starting the child.
     *
     * @return the subprocess transport's id (a connection id: {@code c1}...) on success; the error otherwise
     */
    Outcome createSubprocess(Values.SubprocessSpec spec, Script script);

    /**
     * {@code connect_read_pipe(factory, pipe)} with a scripted protocol, on an OS pipe the driver makes:
     * the loop gets the read end, the TCK the write end.
     */
    PipeConnection<WritableByteChannel> connectReadPipe(Script script);

    /**
     * {@code connect_write_pipe(factory, pipe)} with a scripted protocol, on an OS pipe the driver
     * makes: the loop gets the write end, the TCK the read end.
     */
    PipeConnection<ReadableByteChannel> connectWritePipe(Script script);

    /** Performs one call on the loop thread. */
    default Outcome invoke(String target, Call call) {
        return invokeAll(target, List.of(call)).get(0);
    }

    /**
     * Performs the calls in order within one callback on the loop thread, so that no I/O of the loop
     * happens between them. An error in one call does not stop the next.
     */
    List<Outcome> invokeAll(String target, List<Call> calls);

    /** Stops and closes the loop, aborting what is still open. Never hangs; idempotent. */
    @Override
    void close();
}
