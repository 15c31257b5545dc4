package io.asynciotck.tck.events;

/**
 * A quantity folded over the events of one {@link EventLog}: the log feeds it each event once, in the
 * order they were appended, from where it stopped the last time, so that a wait on it
 * ({@link EventLog#awaitTally}) costs O(new events) however long the log already is, and a tally can be
 * awaited again and again as a transfer goes on ("the bytes of data_received on c1 add up to N",
 * "pause_writing came more often than resume_writing").
 *
 * <p>An event is fed as it was appended: a callback's {@link Event#returned() result} and
 * {@link Event#reactions() reactions} may not be recorded yet. A tally belongs to one log and is used
 * by one thread at a time; the log feeds it with its lock held.
 */
public abstract class Tally {

    /** How many events of the log this tally has taken: where the log goes on feeding it. */
    int taken;

    /**
     * Takes the next event of the log into account.
     *
     * @return whether the event changed the tally: progress, for a wait {@link Patience#onProgress on
     *         progress}
     */
    protected abstract boolean take(Event event);
}
