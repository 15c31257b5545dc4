package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One scenario's event loop in a child process of its own: the {@link DriverSession} calls as the
 * requests of PROTOCOL.md. The child's ids ({@code c1}, {@code s1}...) are the session's targets.
 */
final class ProcessSession implements DriverSession {

    private final DriverChild child;
    private final Hello hello;
    private final Consumer<ProcessSession> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProcessSession(DriverChild child, Hello hello, Consumer<ProcessSession> onClose) {
        this.child = child;
        this.hello = hello;
        this.onClose = onClose;
    }

    /**
     * Starts a child and says {@code hello}.
     *
     * @param timeout bounds every request
     * @param onClose told once the session is closed
     * @throws IOException     when the command cannot be started
     * @throws DriverException when the child's hello fails (the child is then killed)
     */
    static ProcessSession open(List<String> command, Duration timeout, EventLog log, Consumer<ProcessSession> onClose)
            throws IOException {
        DriverChild child = DriverChild.start(command, timeout, log);
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
        return new ProcessSession(child, hello, onClose);
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
        return create("create_server", host, port, script);
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

    /** A {@code create_subprocess} request ({@link WireCodec#subprocess}). */
    @Override
    public Outcome createSubprocess(Values.SubprocessSpec spec, Script script) {
        return create("create_subprocess", WireCodec.subprocess(spec), script,
                (spec.shell() ? "subprocess_shell(" : "subprocess_exec(") + spec.args() + ", stdin=" + spec.stdin()
                        + ", stdout=" + spec.stdout() + ", stderr=" + spec.stderr() + ")");
    }

    private Outcome create(String op, String host, int port, Script script) {
        return create(op, WireCodec.NODES.objectNode().put("host", host).put("port", port), script,
                op + "(" + host + ", " + port + ")");
    }

    /** A {@code create_*} request: its reply is the new target's id, or the implementation's error. */
    private Outcome create(String op, ObjectNode fields, Script script, String what) {
        fields.set("script", WireCodec.script(script));
        return child.request(op, fields, what, reply -> {
            Outcome outcome = WireCodec.outcome(reply);
            if (!outcome.isError() && !(outcome.value() instanceof String)) {
                throw new ProtocolViolation("the value of a " + op + " reply must be an id, got " + outcome.value());
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
