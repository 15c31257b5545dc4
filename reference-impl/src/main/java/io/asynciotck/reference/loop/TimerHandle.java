package io.asynciotck.reference.loop;

/**
 * A callback scheduled with {@code callLater}: ordered by deadline, then by the order in which the
 * timers entered the loop's heap, so that timers due at the same instant run in FIFO order.
 */
final class TimerHandle extends CallbackHandle implements Comparable<TimerHandle> {

    /** Nanoseconds on the loop's clock ({@link SelectorEventLoop#now()}). */
    final long deadline;
    /** Set by the loop thread when the timer enters the heap. */
    long sequence;

    TimerHandle(Runnable callback, long deadline) {
        super(callback);
        this.deadline = deadline;
    }

    @Override
    public int compareTo(TimerHandle other) {
        int byDeadline = Long.compare(deadline, other.deadline);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
