package io.asynciotck.tck.inprocess;

import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values.ExceptionInfo;
import io.asynciotck.tck.events.Event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The machinery the scripted recording protocols share: the stream one ({@link RecordingProtocol}), the
 * datagram one ({@link RecordingDatagramProtocol}) and the subprocess one
 * ({@link RecordingSubprocessProtocol}). They cannot be one class, since a class cannot implement both
 * {@code Protocol<BaseTransport>} and {@code DatagramProtocol} ({@code BaseProtocol<DatagramTransport>}).
 * Every callback:
 * <ol>
 *   <li>notes whether another callback was running ({@link CallbackRecorder});</li>
 *   <li>takes the script's probes: calls on its transport, recorded by {@link Call#toString()};</li>
 *   <li>appends its event, with the arguments as neutral values;</li>
 *   <li>performs the script's matching reactions on its transport, in order; the pseudo-call
 *       {@code raise} ends the callback with a {@code RuntimeException} carrying its message, for the
 *       loop to report, and is recorded as a failed outcome of that type;</li>
 *   <li>completes the event with what it returned and the reactions' outcomes.</li>
 * </ol>
 * The callbacks every protocol has ({@code pause_writing}, {@code resume_writing},
 * {@code connection_lost}) are implemented here; they satisfy the subclasses' protocol interfaces.
 *
 * <p>The connection id is assigned at the first {@code connection_made}, from the session's one
 * sequence {@code c1}, {@code c2}... that stream connections, datagram endpoints and subprocess
 * transports share, or when the call that created the connection returns it, if that comes first (an
 * implementation that breaks stance S-20); a callback that comes before either is recorded on target
 * {@code c?}.
 */
abstract class AbstractRecordingProtocol {

    private static final String NO_ID = "c?";

    private final Script script;
    private final String origin;
    private final Targets targets;
    private final CallbackRecorder recorder;
    private final Map<String, Integer> counts = new HashMap<>();
    private BaseTransport transport;
    private volatile BaseTransport madeTransport;
    private volatile BaseTransport returnedTransport;
    private volatile String id;

    /**
     * @param origin the id of the server that accepted the connection, or null for a client connection
     *               or a datagram endpoint
     */
    AbstractRecordingProtocol(Script script, String origin, Targets targets, CallbackRecorder recorder) {
        this.script = script;
        this.origin = origin;
        this.targets = targets;
        this.recorder = recorder;
    }

    /** The connection id, once {@code connection_made} happened; null before. */
    final String id() {
        return id;
    }

    /** The script this protocol follows. */
    final Script script() {
        return script;
    }

    /**
     * The connection id, taken now for {@code transport} if the connection has none yet. Called by
     * {@code connection_made} and by the session when the connection-creating call returns, on whatever
     * threads the implementation uses for them.
     */
    final synchronized String ensureId(BaseTransport transport) {
        if (id == null) {
            id = targets.addConnection(transport, this);
        }
        return id;
    }

    /** Notes the transport that the call that created this connection returned with this protocol. */
    final void returnedWith(BaseTransport transport) {
        returnedTransport = transport;
    }

    /**
     * The driver's own call {@code returned_pair} (rule TR-4): {@code "same"} when the call that created
     * this connection returned the transport its {@code connection_made} received, {@code "other"} when it
     * returned another one, null while either has not happened.
     */
    final String returnedPair() {
        BaseTransport made = madeTransport;
        BaseTransport returned = returnedTransport;
        if (made == null || returned == null) {
            return null;
        }
        return made == returned ? "same" : "other";
    }

    /** {@code connection_made(transport)}: keeps the transport, takes an id the first time, records. */
    final void made(BaseTransport transport) {
        this.transport = transport;
        this.madeTransport = transport;
        ensureId(transport);
        callback("connection_made", List.of(), null, () -> null);
    }

    public final void pauseWriting() {
        callback("pause_writing", List.of(), null, () -> null);
    }

    public final void resumeWriting() {
        callback("resume_writing", List.of(), null, () -> null);
    }

    public final void connectionLost(Exception exc) {
        callback("connection_lost", Collections.singletonList(exc == null ? null : Errors.of(exc)), null,
                () -> null);
    }

    /**
     * Records the callback and performs its reactions.
     *
     * @param received what the placeholders of the reactions stand for; null outside
     *                 {@code data_received} and {@code datagram_received}
     * @param result   computes what the callback returns, after the reactions
     */
    final Object callback(String name, List<Object> args, TransportCalls.Received received, Supplier<Object> result) {
        long startNanos = System.nanoTime();
        boolean concurrent = recorder.enter();
        try {
            int count = counts.merge(name, 1, Integer::sum);
            Event event = recorder.append(id == null ? NO_ID : id, origin, name, args, startNanos, concurrent, probes());
            List<Outcome> outcomes = new ArrayList<>();
            for (Reaction reaction : script.reactions()) {
                if (!reaction.appliesTo(name, count)) {
                    continue;
                }
                for (Call call : reaction.calls()) {
                    if (call.method().equals("raise")) {
                        String message = String.valueOf(call.args().isEmpty() ? name : call.args().get(0));
                        outcomes.add(Outcome.failed(new ExceptionInfo(ErrorKind.OTHER, "RuntimeException", message)));
                        recorder.complete(event, null, outcomes);
                        throw new RuntimeException(message);
                    }
                    outcomes.add(recorder.callOut(() -> TransportCalls.invoke(targets, transport, call, received)));
                }
            }
            Object returned = result.get();
            recorder.complete(event, returned, outcomes);
            return returned;
        } finally {
            recorder.exit();
        }
    }

    /** The script's probes on this transport, keyed by {@link Call#toString()}: each one's value or error. */
    private Map<String, Object> probes() {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Call probe : script.probes()) {
            Outcome outcome = TransportCalls.invoke(targets, transport, probe, null);
            results.put(probe.toString(), outcome.isError() ? outcome.error() : outcome.value());
        }
        return results;
    }
}
