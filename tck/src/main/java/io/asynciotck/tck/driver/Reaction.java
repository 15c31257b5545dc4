package io.asynciotck.tck.driver;

import java.util.List;
import java.util.Objects;

/**
 * What a scripted protocol does when it receives a callback: the calls it makes on its own
 * transport, inside the callback, as a real protocol would.
 *
 * @param callback   the callback's asyncio name: {@code connection_made}, {@code data_received},
 *                   {@code eof_received}, {@code pause_writing}, {@code resume_writing}, {@code connection_lost}
 * @param occurrence 1 for the first time the callback is called, 2 for the second...; 0 for every time
 * @param calls      performed in order; an error in one is recorded and the next ones still run
 */
public record Reaction(String callback, int occurrence, List<Call> calls) {

    public Reaction {
        Objects.requireNonNull(callback, "callback");
        if (occurrence < 0) {
            throw new IllegalArgumentException("occurrence must be >= 0, got " + occurrence);
        }
        calls = List.copyOf(calls);
    }

    public boolean appliesTo(String name, int count) {
        return callback.equals(name) && (occurrence == 0 || occurrence == count);
    }
}
