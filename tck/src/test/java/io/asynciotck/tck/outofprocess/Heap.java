package io.asynciotck.tck.outofprocess;

import java.util.concurrent.atomic.AtomicLong;

/** The test JVM's used heap: after a garbage collection, and its peak over a stretch of time. */
final class Heap {

    private static final long MIB = 1024 * 1024;

    private Heap() {
    }

    /** Used heap now, garbage included. */
    static long used() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Used heap after full collections, repeated until it no longer falls by more than 1 MiB. */
    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = used();
            if (now > used - MIB) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /** Starts sampling the used heap every few milliseconds, on a daemon thread, until closed. */
    static Peak watchPeak() {
        return new Peak();
    }

    /** The highest used heap seen between {@link #watchPeak()} and now. */
    static final class Peak implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong(used());
        private final Thread sampler;
        private volatile boolean closed;

        private Peak() {
            sampler = new Thread(() -> {
                while (!closed) {
                    peak.accumulateAndGet(used(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        long peak() {
            return peak.accumulateAndGet(used(), Math::max);
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            sampler.join();
        }
    }
}
