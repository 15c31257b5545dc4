package io.asynciotck.tck.events;

import java.util.Objects;
import java.util.function.Predicate;

/** A {@link Tally} of the events that match: "connection_made of connections of server s1". */
public final class Count extends Tally {

    private final Predicate<Event> counted;
    private long value;

    public Count(Predicate<Event> counted) {
        this.counted = Objects.requireNonNull(counted, "counted");
    }

    /** How many of the events taken so far matched. */
    public long value() {
        return value;
    }

    @Override
    protected boolean take(Event event) {
        if (!counted.test(event)) {
            return false;
        }
        value++;
        return true;
    }
}
