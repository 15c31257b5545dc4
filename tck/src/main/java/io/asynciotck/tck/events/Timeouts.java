package io.asynciotck.tck.events;

import java.time.Duration;
import java.util.Objects;

/**
 * The waits of the TCK, already scaled by the run's timeout factor:
 * <ul>
 *   <li>{@code arrival}: how long an expected event may take to arrive, or a transfer may go without
 *       moving (see {@link Patience});</li>
 *   <li>{@code quiet}: how long to watch for an event that must not happen;</li>
 *   <li>{@code startup}: how long a process may take to start and answer (a driver's {@code hello}, a
 *       child process of the implementation): an interpreter's start-up on a loaded machine takes
 *       seconds.</li>
 * </ul>
 *
 * @param factor the factor the durations were scaled by ({@link #scaledBy}), for the reports
 */
public record Timeouts(Duration arrival, Duration quiet, Duration startup, double factor) {

    public static final Duration DEFAULT_ARRIVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(200);
    public static final Duration DEFAULT_STARTUP = Duration.ofSeconds(30);

    public static final Timeouts DEFAULTS = new Timeouts(DEFAULT_ARRIVAL, DEFAULT_QUIET);

    /**
     * How many arrival timeouts a wait on progress may last in all, however steadily things move: the
     * bound that keeps a trickle from holding a scenario forever.
     */
    static final int PROGRESS_CEILING_FACTOR = 60;

    public Timeouts {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(startup, "startup");
        if (!positive(arrival) || !positive(quiet) || !positive(startup)) {
            throw new IllegalArgumentException("timeouts must be positive, got arrival=" + arrival + " quiet=" + quiet
                    + " startup=" + startup);
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the timeout factor must be a positive number, got " + factor);
        }
    }

    /** The given arrival and quiet periods, the default start-up timeout (at least the arrival timeout), factor 1. */
    public Timeouts(Duration arrival, Duration quiet) {
        this(arrival, quiet, max(DEFAULT_STARTUP, arrival), 1);
    }

    /** Every duration multiplied by {@code multiplier}; the factor too. */
    public Timeouts scaledBy(double multiplier) {
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the timeout factor must be a positive number, got " + multiplier);
        }
        return new Timeouts(scale(arrival, multiplier), scale(quiet, multiplier), scale(startup, multiplier),
                factor * multiplier);
    }

    /** How long a wait on progress may last in all ({@link #PROGRESS_CEILING_FACTOR} arrival timeouts). */
    public Duration progressCeiling() {
        return arrival.multipliedBy(PROGRESS_CEILING_FACTOR);
    }

    /** The patience of a wait for something that must come: {@link Patience#forArrival} of the arrival timeout. */
    public Patience patienceForArrival() {
        return Patience.forArrival(arrival);
    }

    /**
     * The patience of a wait on something that moves (bytes of a transfer, a draining buffer):
     * {@link Patience#onProgress} of the arrival timeout, within the {@link #progressCeiling()}.
     */
    public Patience patienceOnProgress() {
        return Patience.onProgress(arrival, progressCeiling());
    }

    /** {@code arrival 5000ms, quiet 200ms, start-up 30000ms} and the factor when it is not 1. */
    public String describe() {
        return "arrival " + arrival.toMillis() + "ms, quiet " + quiet.toMillis() + "ms, start-up " + startup.toMillis()
                + "ms" + (factor == 1 ? "" : " (timeout factor " + formatFactor(factor) + ")");
    }

    private static String formatFactor(double factor) {
        return factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor);
    }

    private static Duration scale(Duration duration, double multiplier) {
        return Duration.ofNanos(Math.max(1, Math.round(duration.toNanos() * multiplier)));
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
