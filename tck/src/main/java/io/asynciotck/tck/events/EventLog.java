package io.asynciotck.tck.events;

import io.asynciotck.tck.driver.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * <p>A flood cannot grow memory without bound either: the log stores at most {@link #MAX_EVENTS} events
 * and {@link #MAX_PAYLOAD_BYTES} of their data ({@link #estimatedSize}). Past either cap it stops
 * storing, counts what it drops, and fails every wait, current and later, at once, as it does when the
 * driver fails ({@link #abortWaits}).
 *
 * <p>Failures are {@link AssertionError}s whose message names the scenario's rules (see
 * {@link #setRules}) and shows the recorded sequence ({@link #render}); a wait that runs out of
 * patience fails with a {@link WaitTimeout}.
 */
public final class EventLog {

    /**
     * At most this many events are stored per scenario: a million, or fewer in a small heap (one per
     * 2 KiB of it), so that a full log leaves most of the heap to the run: the JVM that runs the scenarios
     * in-process has 192 MiB ({@code ForkedRun.WORKER_MEMORY}), which gives 98,304, and 256 MiB through a
     * driver ({@code ForkedRun.DRIVER_WORKER_MEMORY}), 131,072. Far more than any scenario records.
     */
    static final int MAX_EVENTS = maxEvents(Runtime.getRuntime().maxMemory());
    /**
     * At most this many bytes of callback data ({@link #estimatedSize}) are recorded per scenario, counted
     * as they come (the transfers' data is handed on, not kept): twice the 100 MiB each way of the
     * largest transfers and more.
     */
    static final long MAX_PAYLOAD_BYTES = 512L << 20;

    static int maxEvents(long maxHeap) {
        return (int) Math.max(1, Math.min(1_000_000, maxHeap / 2048));
    }
    /** What an event costs beyond its byte arguments, roughly: the record, its lists, its strings. */
    static final int EVENT_OVERHEAD_BYTES = 100;
    /** {@link #render} shows this many events from the start and this many from the end. */
    static final int RENDERED_AT_EACH_END = 100;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Event> events = new ArrayList<>();
    private final Changes changes = new Changes();
    private final Timeouts timeouts;
    private final int maxEvents;
    private final long maxPayloadBytes;
    private volatile String rules = "";
    private long payloadBytes;
    /** Events appended after a cap was reached, and not stored. */
    private long dropped;
    /** Why the log stopped storing events, once a cap was reached: every wait then fails at once. */
    private String flood;
    /** Why the driver can deliver no more events, once it failed: every wait then fails at once. */
    private String driverFailure;
    /** Target → how many events had been appended when the call that created it returned it. */
    private final Map<String, Long> returned = new HashMap<>();
    /** The indices of the events {@link #complete completed}: their callbacks returned. */
    private final BitSet completed = new BitSet();
    /**
     * Index → how many events had been appended when the event's callback returned, for the callbacks
     * during which others began (nested in a call the callback made, or concurrent): the others returned
     * before any later event.
     */
    private final Map<Integer, Long> returnedAfter = new HashMap<>();

    public EventLog(Timeouts timeouts) {
        this(timeouts, MAX_EVENTS, MAX_PAYLOAD_BYTES);
    }

    /** A log with other caps than {@link #MAX_EVENTS} and {@link #MAX_PAYLOAD_BYTES}: for tests. */
    EventLog(Timeouts timeouts, int maxEvents, long maxPayloadBytes) {
        if (maxEvents < 1 || maxPayloadBytes < 1) {
            throw new IllegalArgumentException("caps must be positive, got " + maxEvents + " events and "
                    + maxPayloadBytes + " bytes");
        }
        this.timeouts = timeouts;
        this.maxEvents = maxEvents;
        this.maxPayloadBytes = maxPayloadBytes;
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

    /** Why the log stopped storing events, once the implementation flooded it. */
    public Optional<String> flood() {
        lock.lock();
        try {
            return Optional.ofNullable(flood);
        } finally {
            lock.unlock();
        }
    }

    /** Throws when the log was flooded or the driver failed; called with the lock held, by every wait. */
    private void checkAlive(String waitingFor) {
        if (flood != null) {
            throw failure("Gave up waiting for " + waitingFor + ": " + flood);
        }
        if (driverFailure != null) {
            throw failure("The driver failed while waiting for " + waitingFor + ":\n" + driverFailure);
        }
    }

    /**
     * Appends an event, numbering it, and wakes every waiter. Once a cap is reached the event is only
     * counted, not stored: it keeps the number it would have had.
     */
    public Event append(Event event) {
        lock.lock();
        try {
            Event numbered = event.withSeq(events.size() + dropped + 1);
            long size = estimatedSize(event);
            if (flood == null) {
                flood = overflow(size);
            }
            if (flood == null) {
                changes.add(events.size());
                events.add(numbered);
                payloadBytes += size;
            } else {
                dropped++;
            }
            changed.signalAll();
            return numbered;
        } finally {
            lock.unlock();
        }
    }

    /** What an event is taken to cost: the lengths of its byte arguments, plus {@link #EVENT_OVERHEAD_BYTES}. */
    static long estimatedSize(Event event) {
        long size = EVENT_OVERHEAD_BYTES;
        for (Object arg : event.args()) {
            if (arg instanceof byte[] data) {
                size += data.length;
            }
        }
        return size;
    }

    /** Why one more event of {@code size} bytes would flood the log, or null when it fits. */
    private String overflow(long size) {
        if (events.size() >= maxEvents) {
            return "the implementation flooded the event log: more than " + maxEvents + " callbacks in one scenario";
        }
        if (payloadBytes + size > maxPayloadBytes) {
            return "the implementation flooded the event log: more than " + bytes(maxPayloadBytes)
                    + " of callback data in one scenario";
        }
        return null;
    }

    private static String bytes(long count) {
        return count % (1 << 20) == 0 ? (count >> 20) + " MiB" : count + " bytes";
    }

    /**
     * Completes an event appended at the start of its callback with what the callback returned and the
     * outcomes of its reactions: callbacks nested in a reaction (a {@code pause_writing} inside a
     * {@code write}) are thus logged after the callback that caused them. An event the log dropped
     * stays dropped.
     */
    public void complete(long seq, Object returned, List<Outcome> reactions) {
        lock.lock();
        try {
            if (seq < 1 || seq > events.size()) {
                return;
            }
            int index = (int) seq - 1;
            Event e = events.get(index);
            events.set(index, new Event(e.seq(), e.target(), e.origin(), e.callback(), e.args(), returned,
                    e.thread(), e.nanos(), e.concurrent(), e.probes(), reactions));
            completed.set(index);
            long appended = events.size() + dropped;
            if (appended > seq) {
                returnedAfter.put(index, appended);
            }
            changes.add(~index);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Notes that the call that creates {@code target} ({@code create_connection()}, {@code subprocess_exec()},
     * {@code connect_read_pipe()}...) returned it now: after every event appended so far, and before every
     * event appended later. Drivers call it at the moment the call completes, so that the order of that
     * moment and the callbacks is the implementation's (stance S-20); only the first note of a target counts.
     */
    public void noteReturned(String target) {
        lock.lock();
        try {
            returned.putIfAbsent(target, events.size() + dropped);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many events had been appended (stored or dropped) when the call that created {@code target}
     * returned it ({@link #noteReturned}); empty when no such call was noted.
     */
    public OptionalLong eventsBeforeReturn(String target) {
        lock.lock();
        try {
            Long count = returned.get(target);
            return count == null ? OptionalLong.empty() : OptionalLong.of(count);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many events had been appended (stored or dropped) when the callback of stored event {@code seq}
     * returned ({@link #complete}): its own number, unless other callbacks began before it returned;
     * empty while it has not returned. An event a callback began while another one was running comes
     * before that count.
     */
    public OptionalLong eventsWhenReturned(long seq) {
        lock.lock();
        try {
            int index = (int) seq - 1;
            if (seq < 1 || seq > events.size() || !completed.get(index)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(returnedAfter.getOrDefault(index, seq));
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
     * after every change of the log, until it gives a result, the log is flooded or the driver fails, or
     * patience runs out.
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
            long seen = events.size() + dropped;
            long quietEnd = System.nanoTime() + quiet;
            while (true) {
                checkAlive("silence");
                if (events.size() + dropped != seen) {
                    seen = events.size() + dropped;
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

    /**
     * The recorded sequence, one event a line: at most the first and the last {@link #RENDERED_AT_EACH_END}
     * events, with the number left out between them, and the number of events dropped past a cap.
     */
    public String render() {
        lock.lock();
        try {
            if (events.isEmpty() && dropped == 0) {
                return "Recorded callbacks: none";
            }
            StringBuilder text = new StringBuilder("Recorded callbacks:");
            int size = events.size();
            int head = Math.min(size, RENDERED_AT_EACH_END);
            int tail = Math.max(head, size - RENDERED_AT_EACH_END);
            for (int i = 0; i < head; i++) {
                text.append("\n  ").append(events.get(i));
            }
            if (tail > head) {
                text.append("\n  ... ").append(tail - head).append(" events not shown ...");
            }
            for (int i = tail; i < size; i++) {
                text.append("\n  ").append(events.get(i));
            }
            if (dropped > 0) {
                text.append("\n  ... and ").append(dropped).append(" more callbacks not recorded: ").append(flood);
            }
            return text.toString();
        } finally {
            lock.unlock();
        }
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
