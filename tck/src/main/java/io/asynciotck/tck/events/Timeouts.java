package io.asynciotck.tck.events;

import java.time.Duration;
import java.util.Objects;

/**
 * The two waits of the TCK: how long an expected event may take to arrive ({@code arrival}), and how
 * long to watch for an event that must not happen ({@code quiet}).
 */
public record Timeouts(Duration arrival, Duration quiet) {

    public static final Duration DEFAULT_ARRIVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(200);

    public static final Timeouts DEFAULTS = new Timeouts(DEFAULT_ARRIVAL, DEFAULT_QUIET);

    public Timeouts {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(quiet, "quiet");
        if (arrival.isNegative() || arrival.isZero() || quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got arrival=" + arrival + " quiet=" + quiet);
        }
    }
}
