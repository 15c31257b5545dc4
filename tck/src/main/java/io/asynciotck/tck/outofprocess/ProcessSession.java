package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One scenario's event loop in a child process of its own: the {@link DriverSession} calls as the
 * requests of PROTOCOL.md. The child's ids ({@code c1}, {@code s1}...) are the session's targets.
 */
final class ProcessSession implements DriverSession {

    private final DriverChild child;
    private final EventLog log;
    private final Hello hello;
    private final Consumer<ProcessSession> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProcessSession(DriverChild child, EventLog log, Hello hello, Consumer<ProcessSession> onClose) {
        this.child = child;
        this.log = log;
        this.hello = hello;
        this.onClose = onClose;
    }

    /**
     * Starts a child and says {@code hello}, which waits the start-up timeout: it includes the start-up
     * of the driver's interpreter.
     *
     * @param timeouts bound every request ({@link DriverChild#start})
     * @param onClose  told once the session is closed
     * @throws IOException             when the command cannot be started
     * @throws DriverException         when the child's hello fails (the child is then killed)
     * @throws DriverTimeoutException  when the child did not answer the hello within the start-up timeout
     */
    static ProcessSession open(List<String> command, Timeouts timeouts, EventLog log, Consumer<ProcessSession> onClose)
            throws IOException {
        DriverChild child = DriverChild.start(command, timeouts, log);
        Hello hello;
        try {
            hello = child.request("hello", WireCodec.NODES.objectNode().put("protocol", Hello.PROTOCOL), "hello",
                    reply -> {
                        if (!Fields.bool(reply, "ok")) {
                            throw new DriverException("The driver " + child + " refused the hello: "
                                    + WireCodec.error(Fields.required(reply, "error")));
                        }
                        return Hello.parse(Fields.required(reply, "value"));
                    });
        } catch (DriverException e) {
            closeAfterFailure(child, e);
            throw e;
        }
        return new ProcessSession(child, log, hello, onClose);
    }

    /** Closes a child whose hello went wrong; what the close says too is kept with {@code failure}. */
    static void closeAfterFailure(DriverChild child, DriverException failure) {
        try {
            child.close();
        } catch (DriverException alsoFailed) {
            if (alsoFailed != failure) {
                failure.addSuppressed(alsoFailed);
            }
        }
    }

    /** What the child said about itself. */
    Hello hello() {
        return hello;
    }

    @Override
    public Outcome createConnection(String host, int port, Script script) {
        return create("create_connection", host, port, script);
    }

    @Override
    public Outcome createConnectionOverSocket(String host, int port, Script script) {
        return create("create_connection_over_socket", host, port, script);
    }

    @Override
    public Outcome createServer(String host, int port, Script script) {
        return create("create_server", WireCodec.NODES.objectNode().put("host", host).put("port", port), script,
                "create_server(" + host + ", " + port + ")", false);
    }

    /** A {@code create_connection} request with a {@code tls} field (PROTOCOL.md, TLS). */
    @Override
    public Outcome createTlsConnection(String host, int port, Values.TlsSpec tls, Script script) {
        ObjectNode fields = WireCodec.NODES.objectNode().put("host", host).put("port", port);
        fields.set("tls", WireCodec.tls(tls));
        return create("create_connection", fields, script, "create_connection(" + host + ", " + port + ", ssl=" + tls + ")");
    }

    /** A {@code create_server} request with a {@code tls} field. */
    @Override
    public Outcome createTlsServer(String host, int port, Values.TlsSpec tls, Script script) {
        ObjectNode fields = WireCodec.NODES.objectNode().put("host", host).put("port", port);
        fields.set("tls", WireCodec.tls(tls));
        return create("create_server", fields, script, "create_server(" + host + ", " + port + ", ssl=" + tls + ")", false);
    }

    /**
     * A {@code create_datagram_endpoint} request, its addresses as {@code $address} or null.
     *
     * @throws IllegalArgumentException when neither address is given: the caller broke the contract
     */
    @Override
    public Outcome createDatagramEndpoint(Values.Address local, Values.Address remote, Script script) {
        if (local == null && remote == null) {
            throw new IllegalArgumentException("create_datagram_endpoint needs a local or a remote address");
        }
        ObjectNode fields = WireCodec.NODES.objectNode();
        fields.set("local", WireCodec.encode(local));
        fields.set("remote", WireCodec.encode(remote));
        return create("create_datagram_endpoint", fields, script,
                "create_datagram_endpoint(local_addr=" + local + ", remote_addr=" + remote + ")");
    }

    /**
     * A {@code create_subprocess} request ({@link WireCodec#subprocess}); its reply waits the start-up
     * timeout, since it includes the start-up of the implementation's child process.
     */
    @Override
    public Outcome createSubprocess(Values.SubprocessSpec spec, Script script) {
        return create("create_subprocess", WireCodec.subprocess(spec), script,
                (spec.shell() ? "subprocess_shell(" : "subprocess_exec(") + spec.args() + ", stdin=" + spec.stdin()
                        + ", stdout=" + spec.stdout() + ", stderr=" + spec.stderr() + ")");
    }

    /** {@code make_pipe} then {@code connect_read_pipe} (PROTOCOL.md, Pipes): the TCK writes. */
    @Override
    public PipeConnection<WritableByteChannel> connectReadPipe(Script script) {
        return connectPipe("connect_read_pipe", "write", script, path -> FileChannel.open(path, StandardOpenOption.WRITE));
    }

    /** {@code make_pipe} then {@code connect_write_pipe} (PROTOCOL.md, Pipes): the TCK reads. */
    @Override
    public PipeConnection<ReadableByteChannel> connectWritePipe(Script script) {
        return connectPipe("connect_write_pipe", "read", script, path -> FileChannel.open(path, StandardOpenOption.READ));
    }

    /** Opens the TCK's end of a pipe by its path. */
    private interface EndOpener<C extends Channel> {
        C open(Path path) throws IOException;
    }

    /**
     * The driver makes a pipe and names the path of the TCK's end ({@code /proc/<pid>/fd/<n>}); the TCK
     * opens it (a {@link FileChannel}, whose close ends a read or write blocked in another thread), then
     * asks for the connection, at which the driver closes its own copy of that end.
     */
    private <C extends Channel> PipeConnection<C> connectPipe(String op, String peer, Script script, EndOpener<C> opener) {
        String what = op + "(<a pipe>)";
        String[] made = child.request("make_pipe", WireCodec.NODES.objectNode().put("peer", peer), "make_pipe", reply -> {
            Outcome outcome = WireCodec.outcome(reply);
            if (outcome.isError()) {
                throw new DriverException("The driver " + child + " could not make a pipe: " + outcome.error());
            }
            if (!(outcome.value() instanceof List<?> value) || value.size() != 2
                    || !(value.get(0) instanceof String id) || !(value.get(1) instanceof String path)) {
                throw new ProtocolViolation("the value of a make_pipe reply must be [pipe id, path], got " + outcome.value());
            }
            return new String[] {id, path};
        });
        C end;
        try {
            end = opener.open(Path.of(made[1]));
        } catch (IOException | RuntimeException e) {
            throw new DriverException("The TCK could not open its end of the driver's pipe " + made[0] + " at "
                    + made[1] + ": " + e, e);
        }
        try {
            Outcome outcome = create(op, WireCodec.NODES.objectNode().put("pipe", made[0]), script, what);
            if (outcome.isError()) {
                closeQuietly(end);
                return new PipeConnection<>(outcome, null);
            }
            return new PipeConnection<>(outcome, end);
        } catch (RuntimeException e) {
            closeQuietly(end);
            throw e;
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private Outcome create(String op, String host, int port, Script script) {
        return create(op, WireCodec.NODES.objectNode().put("host", host).put("port", port), script,
                op + "(" + host + ", " + port + ")");
    }

    /** A request that creates a connection: {@link #create(String, ObjectNode, Script, String, boolean)}. */
    private Outcome create(String op, ObjectNode fields, Script script, String what) {
        return create(op, fields, script, what, true);
    }

    /**
     * A {@code create_*} request: its reply is the new target's id, or the implementation's error. The
     * reply of a request that creates a connection is noted in the log as the moment the call returned
     * it ({@link EventLog#noteReturned}) as it is read: the driver sends it after the events of every
     * callback that came before (PROTOCOL.md), so that every event read before it came before it.
     */
    private Outcome create(String op, ObjectNode fields, Script script, String what, boolean connection) {
        fields.set("script", WireCodec.script(script));
        return child.request(op, fields, what, reply -> {
            Outcome outcome = WireCodec.outcome(reply);
            if (!outcome.isError() && !(outcome.value() instanceof String)) {
                throw new ProtocolViolation("the value of a " + op + " reply must be an id, got " + outcome.value());
            }
            if (connection && !outcome.isError()) {
                log.noteReturned((String) outcome.value());
            }
            return outcome;
        });
    }

    /**
     * An {@code invoke} request. A reply with {@code ok: false} (an unknown target) fails with a
     * {@link DriverException}, as the in-process driver does; the child stays usable.
     */
    @Override
    public List<Outcome> invokeAll(String target, List<Call> calls) {
        ObjectNode fields = WireCodec.NODES.objectNode().put("target", target);
        fields.set("calls", WireCodec.calls(calls));
        String what = target + ": " + calls;
        return child.request("invoke", fields, what, reply -> {
            if (!Fields.bool(reply, "ok")) {
                throw new DriverException(what + ": the driver " + child + " refused the invoke: "
                        + WireCodec.error(Fields.required(reply, "error")));
            }
            List<Outcome> outcomes = WireCodec.outcomes(Fields.required(reply, "value"), "the value of an invoke reply");
            if (outcomes.size() != calls.size()) {
                throw new ProtocolViolation(calls.size() + " calls were invoked, the reply has " + outcomes.size() + " outcomes");
            }
            return outcomes;
        });
    }

    /**
     * Closes the loop and ends the child (see {@link DriverChild#close()}). Idempotent.
     *
     * @throws DriverException when the child did not close cleanly, or failed unnoticed before
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            child.close();
        } finally {
            onClose.accept(this);
        }
    }
}
