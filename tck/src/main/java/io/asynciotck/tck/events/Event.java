package io.asynciotck.tck.events;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.Outcome;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One protocol callback (or one report to the loop's exception handler) as the implementation made it.
 *
 * @param seq       position in the scenario's log, from 1; assigned by {@link EventLog#append}
 * @param target    the connection id ({@code c1}...), or {@code loop} for the exception handler
 * @param origin    the server id for a connection accepted by a server, else null
 * @param callback  asyncio's name of the callback: {@code connection_made}, {@code data_received}...
 * @param args      the callback's arguments as neutral values
 * @param returned  what the callback returned ({@code eof_received}), else null
 * @param thread    the name of the thread the callback ran on
 * @param nanos     a monotonic timestamp in nanoseconds, from the driver's clock
 * @param concurrent true when the callback started while another callback of the same loop was running
 * @param probes    results of the script's probes taken at the start of the callback
 * @param reactions outcomes of the calls the script made in the callback, in order
 */
public record Event(long seq, String target, String origin, String callback, List<Object> args, Object returned,
                    String thread, long nanos, boolean concurrent, Map<String, Object> probes,
                    List<Outcome> reactions) {

    public Event {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(callback, "callback");
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
        probes = probes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probes));
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** The same event at another position in the log. */
    public Event withSeq(long newSeq) {
        return new Event(newSeq, target, origin, callback, args, returned, thread, nanos, concurrent, probes, reactions);
    }

    public Object arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    public boolean is(String targetId, String callbackName) {
        return target.equals(targetId) && callback.equals(callbackName);
    }

    /** One line: {@code #3 c1 data_received(b'hello') [thread loop-1] probes {...} -> returned ...}. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        line.append('#').append(seq).append(' ').append(target);
        if (origin != null) {
            line.append(" (from ").append(origin).append(')');
        }
        line.append(' ').append(callback)
                .append(args.stream().map(Call::describe).collect(Collectors.joining(", ", "(", ")")));
        if (returned != null) {
            line.append(" -> ").append(Call.describe(returned));
        }
        if (!probes.isEmpty()) {
            line.append(" probes ").append(probes.entrySet().stream()
                    .map(e -> e.getKey() + "=" + Call.describe(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}")));
        }
        if (!reactions.isEmpty()) {
            line.append(" reactions ").append(reactions);
        }
        line.append(" [").append(thread).append(concurrent ? ", CONCURRENT" : "").append(']');
        return line.toString();
    }
}
