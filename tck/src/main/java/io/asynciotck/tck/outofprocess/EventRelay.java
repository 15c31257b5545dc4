package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends the child's {@code event} lines to the scenario's {@link EventLog} and applies its
 * {@code complete} lines to them. The child numbers its events itself; the relay maps the child's
 * {@code seq} to the log's. Used by the one reader thread of a child.
 */
final class EventRelay {

    private final EventLog log;
    /** The log's seq of each child seq not yet completed. */
    private final Map<Long, Long> open = new HashMap<>();
    private long lastSeq;

    EventRelay(EventLog log) {
        this.log = log;
    }

    /** An {@code event} line: appended to the log, numbered by it. */
    void event(JsonNode message) {
        long seq = Fields.integer(message, "seq");
        if (seq <= lastSeq) {
            throw new ProtocolViolation("event seq " + seq + " does not follow seq " + lastSeq);
        }
        List<Object> args = new ArrayList<>();
        for (JsonNode arg : Fields.array(message, "args")) {
            args.add(WireCodec.decode(arg));
        }
        JsonNode probesNode = Fields.object(Fields.required(message, "probes"), "field 'probes'");
        Map<String, Object> probes = new LinkedHashMap<>();
        probesNode.properties().forEach(probe -> probes.put(probe.getKey(), WireCodec.decode(probe.getValue())));
        Event event = new Event(0, Fields.text(message, "target"), Fields.optionalText(message, "origin"),
                Fields.text(message, "callback"), args, null, Fields.text(message, "thread"),
                Fields.integer(message, "nanos"), Fields.bool(message, "concurrent"), probes, List.of());
        lastSeq = seq;
        open.put(seq, log.append(event).seq());
    }

    /** A {@code complete} line: what the callback of event {@code seq} returned and its reactions' outcomes. */
    void complete(JsonNode message) {
        long seq = Fields.integer(message, "seq");
        Object returned = WireCodec.decode(Fields.required(message, "returned"));
        var reactions = WireCodec.outcomes(Fields.required(message, "reactions"), "field 'reactions'");
        Long logSeq = open.remove(seq);
        if (logSeq == null) {
            throw new ProtocolViolation("complete for seq " + seq + ", which is no event still open");
        }
        log.complete(logSeq, returned, reactions);
    }
}
