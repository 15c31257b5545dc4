package io.asynciotck.tck.inprocess;

import io.asynciotck.api.protocol.Protocol;
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
 * The scripted recording protocol, for client and accepted connections alike. Every callback:
 * <ol>
 *   <li>notes whether another callback was running ({@link CallbackRecorder});</li>
 *   <li>takes the script's probes: calls on its transport, recorded by {@link Call#toString()};</li>
 *   <li>appends its event, with the arguments as neutral values;</li>
 *   <li>performs the script's matching reactions on its transport, in order; the pseudo-call
 *       {@code raise} ends the callback with a {@code RuntimeException} carrying its message, for the
 *       loop to report, and is recorded as a failed outcome of that type;</li>
 *   <li>completes the event with what it returned and the reactions' outcomes.</li>
 * </ol>
 * {@code eof_received} returns {@link Script#eofReturns()} when the script sets it, and otherwise runs
 * {@link Protocol}'s default implementation: that default is itself under test.
 *
 * <p>The connection id is assigned at {@code connection_made}; a callback that comes before it is
 * recorded on target {@code c?}.
 */
final class RecordingProtocol implements Protocol<BaseTransport> {

    private static final String NO_ID = "c?";

    private final Script script;
    private final String origin;
    private final Targets targets;
    private final CallbackRecorder recorder;
    private final Map<String, Integer> counts = new HashMap<>();
    private BaseTransport transport;
    private volatile String id;

    /**
     * @param origin the id of the server that accepted the connection, or null for a client connection
     */
    RecordingProtocol(Script script, String origin, Targets targets, CallbackRecorder recorder) {
        this.script = script;
        this.origin = origin;
        this.targets = targets;
        this.recorder = recorder;
    }

    /** The connection id, once {@code connection_made} happened; null before. */
    String id() {
        return id;
    }

    @Override
    public void connectionMade(BaseTransport transport) {
        this.transport = transport;
        if (id == null) {
            id = targets.addConnection(transport);
        }
        callback("connection_made", List.of(), null, () -> null);
    }

    @Override
    public void dataReceived(byte[] data) {
        callback("data_received", Collections.singletonList(data), data, () -> null);
    }

    @Override
    public boolean eofReceived() {
        return (Boolean) callback("eof_received", List.of(), null,
                () -> script.eofReturns() != null ? script.eofReturns() : Protocol.super.eofReceived());
    }

    @Override
    public void pauseWriting() {
        callback("pause_writing", List.of(), null, () -> null);
    }

    @Override
    public void resumeWriting() {
        callback("resume_writing", List.of(), null, () -> null);
    }

    @Override
    public void connectionLost(Exception exc) {
        callback("connection_lost", Collections.singletonList(exc == null ? null : Errors.of(exc)), null,
                () -> null);
    }

    /**
     * Records the callback and performs its reactions.
     *
     * @param received what {@code RECEIVED_DATA} stands for, null outside {@code data_received}
     * @param result   computes what the callback returns, after the reactions
     */
    private Object callback(String name, List<Object> args, byte[] received, Supplier<Object> result) {
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
                    outcomes.add(recorder.callOut(() -> TransportCalls.invoke(transport, call, received)));
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
            Outcome outcome = TransportCalls.invoke(transport, probe, null);
            results.put(probe.toString(), outcome.isError() ? outcome.error() : outcome.value());
        }
        return results;
    }
}
