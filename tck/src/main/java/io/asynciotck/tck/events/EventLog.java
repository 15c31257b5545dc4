package io.asynciotck.tck.events;

import io.asynciotck.tck.driver.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The recorded callbacks of one scenario and the one waiting mechanism of the TCK: every step that
 * expects something waits here for a matching event ({@link #await}) or for a {@link Tally} to reach a
 * goal ({@link #awaitTally}), within a {@link Patience}, and every "never happens" check watches here
 * for {@link Timeouts#quiet()}. Drivers append from any thread.
 *
 * <p>A wait costs O(new events): it keeps its place in the log and looks at each event once as it is
 * appended (a matching wait once more when the event is {@link #complete completed}), however many
 * events came before, so that a flood of callbacks cannot make waiting quadratic.
 *
 * <p>Failures are {@link AssertionError}s whose message names the scenario's rules (see
 * {@link #setRules}) and shows the recorded sequence ({@link #render}); a wait that runs out of
 * patience fails with a {@link WaitTimeout}.
 */
public final class EventLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Event> events = new ArrayList<>();
    private final Changes changes = new Changes();
    private final Timeouts timeouts;
    private volatile String rules = "";
    /** Why the driver can deliver no more events, once it failed: every wait then fails at once. */
    private String driverFailure;

    public EventLog(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** The rule IDs the current scenario proves, named in every failure message. */
    public void setRules(String ruleIds) {
        this.rules = ruleIds == null ? "" : ruleIds;
    }

    /**
     * The driver failed and will deliver no more events (its child process died, say): every wait, now
     * and later, fails at once with {@code reason} instead of running into its timeout, and every
     * "nothing happens" check fails too, since nothing could have happened.
     */
    public void abortWaits(String reason) {
        lock.lock();
        try {
            if (driverFailure == null) {
                driverFailure = reason;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Throws when the driver failed; called with the lock held, by every wait. */
    private void checkAlive(String waitingFor) {
        if (driverFailure != null) {
            throw failure("The driver failed while waiting for " + waitingFor + ":\n" + driverFailure);
        }
    }

    /** Appends an event, numbering it, and wakes every waiter. */
    public Event append(Event event) {
        lock.lock();
        try {
            Event numbered = event.withSeq(events.size() + 1L);
            changes.add(events.size());
            events.add(numbered);
            changed.signalAll();
            return numbered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes an event appended at the start of its callback with what the callback returned and the
     * outcomes of its reactions: callbacks nested in a reaction (a {@code pause_writing} inside a
     * {@code write}) are thus logged after the callback that caused them.
     */
    public void complete(long seq, Object returned, List<Outcome> reactions) {
        lock.lock();
        try {
            int index = (int) seq - 1;
            Event e = events.get(index);
            events.set(index, new Event(e.seq(), e.target(), e.origin(), e.callback(), e.args(), returned,
                    e.thread(), e.nanos(), e.concurrent(), e.probes(), reactions));
            changes.add(~index);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stored events, in order: for a step's assertions once its waits are over. */
    public List<Event> snapshot() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /** The events of one target, in order. */
    public List<Event> of(String target) {
        return snapshot().stream().filter(e -> e.target().equals(target)).collect(Collectors.toList());
    }

    /** The number of events stored so far: a mark for "after this point" checks. */
    public long size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    // ---- waits

    /**
     * Waits, within {@link Patience#forArrival the arrival timeout}, for the first event, from the start
     * of the log, that matches.
     *
     * @param expectation what is awaited, in words, for the failure message
     * @throws WaitTimeout naming the rules and showing the log when nothing matches in time
     */
    public Event await(String expectation, Predicate<Event> matcher) {
        return awaitFrom(0, expectation, matcher);
    }

    /** Waits for the first matching event whose position is after {@code afterSeq}. */
    public Event awaitFrom(long afterSeq, String expectation, Predicate<Event> matcher) {
        lock.lock();
        try {
            Scan scan = new Scan(afterSeq, matcher);
            return waitFor(expectation, timeouts.patienceForArrival(), scan::next);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for {@code callback} on {@code target}. */
    public Event awaitCallback(String target, String callback) {
        return await(callback + " on " + target, e -> e.is(target, callback));
    }

    /**
     * Waits until {@code tally}, fed every event of the log, has {@code reached} its goal: the goal is
     * tested on the log as it stands, now and after every change, as a predicate on the whole log would
     * be, but each event is taken once, so a wait costs O(new events). Every event that changes the
     * tally is {@link Patience#progressed() progress} of {@code patience}: a wait {@link Patience#onProgress
     * on progress} ("N bytes in data_received") thus lasts as long as the tally keeps moving.
     *
     * @param expectation what is awaited, in words, for the failure message
     * @return the tally, which has then taken every event recorded when the goal was reached
     * @throws WaitTimeout when patience runs out first
     */
    public <T extends Tally> T awaitTally(String expectation, Patience patience, T tally, Predicate<? super T> reached) {
        return waitFor(expectation, patience, () -> {
            if (feed(tally)) {
                patience.progressed();
            }
            return reached.test(tally) ? tally : null;
        });
    }

    /** Feeds {@code tally} every event recorded so far that it has not taken yet, without waiting. */
    public <T extends Tally> T catchUp(T tally) {
        lock.lock();
        try {
            feed(tally);
            return tally;
        } finally {
            lock.unlock();
        }
    }

    /** Feeds the tally every event it has not taken; with the lock held. Returns whether the tally changed. */
    private boolean feed(Tally tally) {
        boolean changedTally = false;
        while (tally.taken < events.size()) {
            changedTally |= tally.take(events.get(tally.taken++));
        }
        return changedTally;
    }

    /**
     * The one waiting loop: runs {@code probe} (which looks at what changed since its last run) now and
     * after every change of the log, until it gives a result, the driver fails, or patience runs out.
     */
    private <T> T waitFor(String expectation, Patience patience, Supplier<T> probe) {
        lock.lock();
        try {
            while (true) {
                T result = probe.get();
                if (result != null) {
                    return result;
                }
                checkAlive(expectation);
                long left = patience.remainingNanos();
                if (left <= 0) {
                    throw timedOut(patience, expectation);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted while waiting for " + expectation);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Watches for the quiet period, a fixed length, and fails if a matching event is (or was already)
     * recorded.
     *
     * @param prohibition what must not happen, in words
     */
    public void assertNothingWithinQuietPeriod(String prohibition, Predicate<Event> matcher) {
        long deadline = System.nanoTime() + timeouts.quiet().toNanos();
        lock.lock();
        try {
            Scan scan = new Scan(0, matcher);
            while (true) {
                Event event = scan.next();
                if (event != null) {
                    throw failure("Expected " + prohibition + ", but got " + event);
                }
                checkAlive("a quiet period (" + prohibition + ")");
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted while checking " + prohibition);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no event has been appended for the quiet period, within the arrival timeout. */
    public void awaitSilence() {
        Patience patience = timeouts.patienceForArrival();
        long quiet = timeouts.quiet().toNanos();
        String expectation = "silence (no callback for " + timeouts.quiet().toMillis() + " ms): callbacks kept arriving";
        lock.lock();
        try {
            long seen = events.size();
            long quietEnd = System.nanoTime() + quiet;
            while (true) {
                checkAlive("silence");
                if (events.size() != seen) {
                    seen = events.size();
                    quietEnd = System.nanoTime() + quiet;
                }
                long untilQuiet = quietEnd - System.nanoTime();
                if (untilQuiet <= 0) {
                    return;
                }
                long left = patience.remainingNanos();
                if (left <= 0) {
                    throw timedOut(patience, expectation);
                }
                changed.awaitNanos(Math.min(left, untilQuiet));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted while waiting for silence");
        } finally {
            lock.unlock();
        }
    }

    // ---- failures

    /** An assertion error that names the rules and shows the recorded sequence. */
    public AssertionError failure(String message) {
        return new AssertionError(describe(message));
    }

    /**
     * The failure of a wait, here or elsewhere (a peer's read), whose {@code patience} ran out while waiting
     * for {@code what}: {@link Patience#describeTimeout}'s words (which name the TCK's own starvation, if
     * any), prefixed with the rules and followed by the recorded sequence.
     */
    public WaitTimeout timedOut(Patience patience, String what) {
        return new WaitTimeout(describe(patience.describeTimeout(what)));
    }

    /** {@code message}, prefixed with the rules and followed by the recorded sequence. */
    public String describe(String message) {
        return (rules.isEmpty() ? "" : "Rule " + rules + ": ") + message + "\n" + render();
    }

    /** The recorded sequence, one event a line. */
    public String render() {
        List<Event> all = snapshot();
        if (all.isEmpty()) {
            return "Recorded callbacks: none";
        }
        return all.stream().map(e -> "  " + e).collect(Collectors.joining("\n", "Recorded callbacks:\n", ""));
    }

    // ---- what the waits look at

    /**
     * One matching wait's place in the log: it tests the events stored when it starts, then each change
     * once (an event appended, or completed, since the last look), always with the lock held.
     */
    private final class Scan {
        private final long afterSeq;
        private final Predicate<Event> matcher;
        private int changesSeen = changes.size();
        private boolean started;

        Scan(long afterSeq, Predicate<Event> matcher) {
            this.afterSeq = afterSeq;
            this.matcher = matcher;
        }

        /** The first matching event, by position, among those not looked at yet in their current form. */
        Event next() {
            if (!started) {
                started = true;
                for (long i = Math.max(0, afterSeq); i < events.size(); i++) {
                    Event event = events.get((int) i);
                    if (matcher.test(event)) {
                        changesSeen = changes.size();
                        return event;
                    }
                }
                changesSeen = changes.size();
                return null;
            }
            Event first = null;
            for (; changesSeen < changes.size(); changesSeen++) {
                int entry = changes.get(changesSeen);
                int index = entry >= 0 ? entry : ~entry;
                if (index < afterSeq || first != null && index >= first.seq() - 1) {
                    continue;
                }
                Event event = events.get(index);
                if (matcher.test(event)) {
                    first = event;
                }
            }
            return first;
        }
    }

    /**
     * Every change of the log, in order: the index of an event appended, or {@code ~index} of an event
     * completed. At most two entries an event.
     */
    private static final class Changes {
        private int[] entries = new int[256];
        private int size;

        void add(int entry) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            entries[size++] = entry;
        }

        int get(int position) {
            return entries[position];
        }

        int size() {
            return size;
        }
    }
}
