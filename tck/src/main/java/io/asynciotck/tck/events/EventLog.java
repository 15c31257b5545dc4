package io.asynciotck.tck.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The recorded callbacks of one scenario and the one waiting mechanism of the TCK: every step that
 * expects something waits here for a matching event, bounded by {@link Timeouts#arrival()}, and every
 * "never happens" check watches here for {@link Timeouts#quiet()}. Drivers append from any thread.
 *
 * <p>Failures are {@link AssertionError}s whose message names the scenario's rules (see
 * {@link #setRules}) and shows the whole recorded sequence.
 */
public final class EventLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Event> events = new ArrayList<>();
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
    private void checkDriver(String waitingFor) {
        if (driverFailure != null) {
            throw failure("The driver failed while waiting for " + waitingFor + ":\n" + driverFailure);
        }
    }

    /** Appends an event, numbering it, and wakes every waiter. */
    public Event append(Event event) {
        lock.lock();
        try {
            Event numbered = event.withSeq(events.size() + 1L);
            events.add(numbered);
            changed.signalAll();
            return numbered;
        } finally {
            lock.unlock();
        }
    }

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

    /**
     * Waits for the first event, from the start of the log, that matches.
     *
     * @param expectation what is awaited, in words, for the failure message
     * @throws AssertionError naming the rules and showing the log when nothing matches in time
     */
    public Event await(String expectation, Predicate<Event> matcher) {
        return awaitFrom(0, expectation, matcher);
    }

    /** Waits for the first matching event whose position is after {@code afterSeq}. */
    public Event awaitFrom(long afterSeq, String expectation, Predicate<Event> matcher) {
        return awaitUntil(expectation, all -> {
            for (int i = (int) afterSeq; i < all.size(); i++) {
                if (matcher.test(all.get(i))) {
                    return all.get(i);
                }
            }
            return null;
        });
    }

    /**
     * Waits until {@code condition} holds for the whole recorded sequence, such as "the data received
     * so far adds up to 5 bytes".
     *
     * @return the sequence for which the condition held
     */
    public List<Event> awaitState(String expectation, Predicate<List<Event>> condition) {
        return awaitUntil(expectation, all -> condition.test(all) ? all : null);
    }

    /**
     * The one waiting loop: evaluates {@code probe} on the recorded sequence each time it changes, until
     * it gives a result, the driver fails, or the arrival timeout runs out.
     */
    private <T> T awaitUntil(String expectation, java.util.function.Function<List<Event>, T> probe) {
        long deadline = System.nanoTime() + timeouts.arrival().toNanos();
        lock.lock();
        try {
            while (true) {
                T result = probe.apply(List.copyOf(events));
                if (result != null) {
                    return result;
                }
                checkDriver(expectation);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("Timed out after " + timeouts.arrival().toMillis() + " ms waiting for " + expectation);
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

    /** The number of events recorded so far: a mark for "after this point" checks. */
    public long size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for {@code callback} on {@code target}. */
    public Event awaitCallback(String target, String callback) {
        return await(callback + " on " + target, e -> e.is(target, callback));
    }

    /**
     * Watches for the quiet period and fails if a matching event is (or was already) recorded.
     *
     * @param prohibition what must not happen, in words
     */
    public void assertNothingWithinQuietPeriod(String prohibition, Predicate<Event> matcher) {
        long deadline = System.nanoTime() + timeouts.quiet().toNanos();
        lock.lock();
        try {
            while (true) {
                for (Event event : events) {
                    if (matcher.test(event)) {
                        throw failure("Expected " + prohibition + ", but got " + event);
                    }
                }
                checkDriver("a quiet period (" + prohibition + ")");
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

    /** Waits until no event has been appended for the quiet period, bounded by the arrival timeout. */
    public void awaitSilence() {
        long deadline = System.nanoTime() + timeouts.arrival().toNanos();
        lock.lock();
        try {
            int seen = -1;
            while (seen != events.size()) {
                seen = events.size();
                long quietEnd = System.nanoTime() + timeouts.quiet().toNanos();
                while (events.size() == seen && driverFailure == null) {
                    long left = Math.min(quietEnd, deadline) - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
                checkDriver("silence");
                if (System.nanoTime() >= deadline) {
                    throw failure("Callbacks kept arriving for " + timeouts.arrival().toMillis() + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted while waiting for silence");
        } finally {
            lock.unlock();
        }
    }

    /** An assertion error that names the rules and shows the recorded sequence. */
    public AssertionError failure(String message) {
        return new AssertionError(describe(message));
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

    /**
     * Completes an event appended at the start of its callback with what the callback returned and the
     * outcomes of its reactions: callbacks nested in a reaction (a {@code pause_writing} inside a
     * {@code write}) are thus logged after the callback that caused them.
     */
    public void complete(long seq, Object returned, java.util.List<io.asynciotck.tck.driver.Outcome> reactions) {
        lock.lock();
        try {
            int index = (int) seq - 1;
            Event e = events.get(index);
            events.set(index, new Event(e.seq(), e.target(), e.origin(), e.callback(), e.args(), returned,
                    e.thread(), e.nanos(), e.concurrent(), e.probes(), reactions));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
