package io.asynciotck.tck.events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCK's watch on its own scheduling: a daemon thread, {@code tck-heartbeat}, that asks to wake every
 * {@link #PERIOD_NANOS} and adds up how much later than that it woke. On a machine too loaded to run the
 * TCK's own threads on time (other processes, a long garbage collection), that lateness grows: a wait
 * that timed out while the TCK itself was starved is no evidence against the implementation, and
 * {@link Patience} both gives the starved time back and says so in the failure.
 *
 * <p>Lateness below {@link #TOLERANCE_NANOS} per beat is ordinary timer slack and is not counted.
 */
public final class Heartbeat {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final AtomicLong STARVED = new AtomicLong();
    private static volatile boolean started;

    private Heartbeat() {
    }

    /** Starts the heartbeat thread once; later calls do nothing. */
    public static void start() {
        if (started) {
            return;
        }
        synchronized (Heartbeat.class) {
            if (started) {
                return;
            }
            Thread beat = new Thread(Heartbeat::beat, "tck-heartbeat");
            beat.setDaemon(true);
            beat.setPriority(Thread.MAX_PRIORITY);
            beat.start();
            started = true;
        }
    }

    /**
     * The total time, in nanoseconds, by which the heartbeat woke late beyond its tolerance since it
     * started: a monotonic counter, to compare between two moments. Starts the heartbeat if needed.
     */
    public static long starvedNanos() {
        start();
        return STARVED.get();
    }

    private static void beat() {
        long expected = System.nanoTime() + PERIOD_NANOS;
        while (true) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, expected - System.nanoTime()));
            } catch (InterruptedException e) {
                // nobody is meant to stop the heartbeat: carry on
            }
            long late = System.nanoTime() - expected;
            if (late > TOLERANCE_NANOS) {
                STARVED.addAndGet(late);
            }
            expected = System.nanoTime() + PERIOD_NANOS;
        }
    }
}
