package io.asynciotck.tck.events;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long one wait may still go on. Two kinds:
 * <ul>
 *   <li>{@link #forArrival}: the timeout counts from the start of the wait (a callback that must come);</li>
 *   <li>{@link #onProgress}: the timeout counts from the last {@link #progressed() progress} (bytes that
 *       moved in a transfer, a buffer that drained), so that a transfer that keeps moving on a slow machine
 *       is not failed for lasting long, and only a transfer that stalls for the timeout is; the ceiling
 *       bounds the whole wait all the same.</li>
 * </ul>
 * Either way, time during which the TCK itself could not run ({@link Heartbeat}) is given back, up to
 * {@link #GIVE_BACK_LIMIT} timeouts, and a failure says how starved the TCK was ({@link #describeTimeout}).
 * Used by one waiting thread; {@link #progressed()} may come from any thread.
 */
public final class Patience {

    /** At most this many timeouts of starved time are given back to one wait. */
    static final int GIVE_BACK_LIMIT = 4;

    /** Where a wait reads the time and the TCK's starvation, both in nanoseconds: the system's, or a test's. */
    interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long starvedNanos() {
                return Heartbeat.starvedNanos();
            }
        };

        long nanoTime();

        long starvedNanos();
    }

    private final Clock clock;
    private final long timeoutNanos;
    private final long ceilingNanos;
    private final boolean restartsOnProgress;
    private final long start;
    private final long starvedAtStart;
    private long since;
    private long starvedAtSince;

    Patience(Duration timeout, Duration ceiling, boolean restartsOnProgress, Clock clock) {
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
        this.ceilingNanos = Math.max(timeoutNanos, ceiling.toNanos());
        this.restartsOnProgress = restartsOnProgress;
        this.start = clock.nanoTime();
        this.starvedAtStart = clock.starvedNanos();
        this.since = start;
        this.starvedAtSince = starvedAtStart;
    }

    /** {@code timeout} from now, plus the time the TCK is starved meanwhile (bounded). */
    public static Patience forArrival(Duration timeout) {
        return forArrival(timeout, Clock.SYSTEM);
    }

    static Patience forArrival(Duration timeout, Clock clock) {
        return new Patience(timeout, timeout.multipliedBy(GIVE_BACK_LIMIT + 1L), false, clock);
    }

    /** {@code timeout} from the last progress, plus starved time; {@code ceiling} from now in all. */
    public static Patience onProgress(Duration timeout, Duration ceiling) {
        return new Patience(timeout, ceiling, true, Clock.SYSTEM);
    }

    /** Something moved: a wait {@link #onProgress} starts its timeout again; a wait for arrival ignores it. */
    public synchronized void progressed() {
        if (restartsOnProgress) {
            since = clock.nanoTime();
            starvedAtSince = clock.starvedNanos();
        }
    }

    /** How long the wait may still go on, in nanoseconds; 0 when patience is exhausted. */
    public synchronized long remainingNanos() {
        long now = clock.nanoTime();
        long givenBack = Math.min(clock.starvedNanos() - starvedAtSince, GIVE_BACK_LIMIT * timeoutNanos);
        long left = timeoutNanos - (now - since) + givenBack;
        long overall = ceilingNanos - (now - start);
        return Math.max(0, Math.min(left, overall));
    }

    public boolean exhausted() {
        return remainingNanos() == 0;
    }

    /** How long the wait has lasted so far. */
    public Duration waited() {
        return Duration.ofNanos(clock.nanoTime() - start);
    }

    /** How long the TCK itself was starved during the wait. */
    public Duration starved() {
        return Duration.ofNanos(clock.starvedNanos() - starvedAtStart);
    }

    /**
     * The failure's first words for a wait that ran out waiting for {@code what}: "Timed out after 5000 ms
     * waiting for ...", or for a wait on progress "Nothing moved for 5000 ms (12034 ms in all) while waiting
     * for ...", or that the ceiling was reached; then, when the TCK was starved meanwhile, by how much.
     */
    public synchronized String describeTimeout(String what) {
        long waited = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - start);
        long timeout = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        String text;
        if (!restartsOnProgress) {
            text = "Timed out after " + waited + " ms waiting for " + what;
        } else if (clock.nanoTime() - start >= ceilingNanos) {
            text = "Still waiting after " + waited + " ms, the most a wait on progress may last, for " + what;
        } else {
            text = "Nothing moved for " + timeout + " ms (" + waited + " ms in all) while waiting for " + what;
        }
        return text + starvationNote();
    }

    /**
     * Empty, or, when the TCK was starved for a noticeable part of the wait, a sentence saying so: the
     * timeout then says more about the machine than about the implementation.
     */
    public String starvationNote() {
        long starved = clock.starvedNanos() - starvedAtStart;
        if (starved < Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 20)) {
            return "";
        }
        return " (the TCK itself was starved for " + TimeUnit.NANOSECONDS.toMillis(starved) + " ms of the "
                + TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - start) + " ms waited: its heartbeat thread woke late, "
                + "so the machine is too loaded for these timeouts; rerun with a larger --timeout-factor)";
    }
}
