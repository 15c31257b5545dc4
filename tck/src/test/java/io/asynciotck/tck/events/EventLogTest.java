package io.asynciotck.tck.events;

import io.asynciotck.tck.driver.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest {

    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(150), Duration.ofMillis(50));
    private static final Timeouts LONG = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(100));

    private static Event event(String target, String callback, Object... args) {
        return new Event(0, target, null, callback, Arrays.asList(args), null, "loop-test-1", System.nanoTime(),
                false, Map.of(), List.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void appendNumbersEventsFromOne() {
        EventLog log = new EventLog(LONG);
        Event first = log.append(event("c1", "connection_made"));
        Event second = log.append(event("c1", "data_received", (Object) bytes("hi")));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(log.snapshot()).containsExactly(first, second);
        assertThat(log.of("c1")).hasSize(2);
        assertThat(log.of("c2")).isEmpty();
    }

    @Test
    void theReturnOfACreatingCallIsPlacedAfterTheEventsAppendedBeforeIt() {
        EventLog log = new EventLog(LONG);
        log.append(event("c1", "connection_made"));
        log.noteReturned("c1");
        log.append(event("c1", "data_received", (Object) bytes("a")));
        log.noteReturned("c1"); // only the first note counts
        log.noteReturned("c2");
        log.append(event("c2", "connection_made"));

        assertThat(log.eventsBeforeReturn("c1")).hasValue(1);
        assertThat(log.eventsBeforeReturn("c2")).hasValue(2);
        assertThat(log.eventsBeforeReturn("c3")).isEmpty();
    }

    @Test
    void aCallbackReturnsAfterTheCallbacksThatBeganInsideIt() {
        EventLog log = new EventLog(LONG);
        Event outer = log.append(event("c1", "data_received", (Object) bytes("a")));
        Event nested = log.append(event("c1", "pause_writing"));
        log.complete(nested.seq(), null, List.of());
        assertThat(log.eventsWhenReturned(outer.seq())).as("still running").isEmpty();
        log.complete(outer.seq(), null, List.of());
        Event later = log.append(event("c1", "connection_lost", (Object) null));

        assertThat(log.eventsWhenReturned(outer.seq())).hasValue(2);
        assertThat(log.eventsWhenReturned(nested.seq())).hasValue(2);
        assertThat(log.eventsWhenReturned(later.seq())).isEmpty();
        assertThat(log.eventsWhenReturned(99)).isEmpty();
    }

    @Test
    void awaitReturnsTheFirstMatchFromTheStart() {
        EventLog log = new EventLog(LONG);
        log.append(event("c1", "connection_made"));
        log.append(event("c1", "data_received", (Object) bytes("a")));
        log.append(event("c1", "data_received", (Object) bytes("b")));

        Event found = log.await("data on c1", e -> e.is("c1", "data_received"));

        assertThat(found.seq()).isEqualTo(2);
        assertThat(found.arg(0)).isEqualTo(bytes("a"));
    }

    @Test
    void awaitFromSkipsEventsUpToTheMark() {
        EventLog log = new EventLog(LONG);
        log.append(event("c1", "data_received", (Object) bytes("a")));
        log.append(event("c1", "data_received", (Object) bytes("b")));

        assertThat(log.awaitFrom(1, "data on c1", e -> e.is("c1", "data_received")).seq()).isEqualTo(2);
    }

    @Test
    void awaitWakesUpWhenAnotherThreadAppends() throws InterruptedException {
        EventLog log = new EventLog(LONG);
        Thread appender = new Thread(() -> log.append(event("c1", "connection_lost", (Object) null)));
        appender.start();

        Event found = log.awaitCallback("c1", "connection_lost");

        appender.join();
        assertThat(found.args()).containsExactly((Object) null);
    }

    @Test
    void awaitTimesOutNamingTheRulesAndShowingTheLog() {
        EventLog log = new EventLog(SHORT);
        log.setRules("STREAM-EOF-1, STREAM-EOF-2");
        log.append(event("c1", "data_received", (Object) bytes("hi")));

        assertThatThrownBy(() -> log.awaitCallback("c1", "eof_received"))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Rule STREAM-EOF-1, STREAM-EOF-2: Timed out after ")
                .hasMessageContaining(" ms waiting for eof_received on c1")
                .hasMessageContaining("Recorded callbacks:\n  #1 c1 data_received(b'hi') [loop-test-1]");
    }

    @Test
    void failureWithoutEventsSaysSo() {
        EventLog log = new EventLog(SHORT);

        assertThat(log.failure("boom").getMessage()).isEqualTo("boom\nRecorded callbacks: none");
    }

    @Test
    void quietPeriodPassesWhenNothingMatches() {
        EventLog log = new EventLog(SHORT);
        log.append(event("c1", "data_received", (Object) bytes("hi")));

        log.assertNothingWithinQuietPeriod("no connection_lost", e -> e.is("c1", "connection_lost"));
    }

    @Test
    void quietPeriodFailsOnAMatchAlreadyRecorded() {
        EventLog log = new EventLog(LONG);
        log.setRules("R-1");
        log.append(event("c1", "connection_lost", (Object) null));

        long start = System.nanoTime();
        assertThatThrownBy(() -> log.assertNothingWithinQuietPeriod("no connection_lost",
                e -> e.is("c1", "connection_lost")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Rule R-1: Expected no connection_lost, but got #1 c1 connection_lost(null)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.quiet());
    }

    @Test
    void completeAddsTheResultAndReactionsAndWakesWaiters() throws InterruptedException {
        EventLog log = new EventLog(LONG);
        Event appended = log.append(event("c1", "eof_received"));
        Thread completer = new Thread(() -> log.complete(appended.seq(), true, List.of(Outcome.ok(null))));
        completer.start();

        Event completed = log.await("eof_received to return", e -> e.is("c1", "eof_received") && e.returned() != null);

        completer.join();
        assertThat(completed.seq()).isEqualTo(1);
        assertThat(completed.returned()).isEqualTo(true);
        assertThat(completed.reactions()).containsExactly(Outcome.ok(null));
        assertThat(completed.thread()).isEqualTo(appended.thread());
        assertThat(completed.toString()).isEqualTo("#1 c1 eof_received() -> true reactions [returned null] [loop-test-1]");
    }

    @Test
    void awaitSilenceReturnsOnceNothingArrivesForTheQuietPeriod() {
        EventLog log = new EventLog(LONG);
        log.append(event("c1", "connection_made"));

        long start = System.nanoTime();
        log.awaitSilence();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.arrival());
    }

    @Test
    void aDriverFailureEndsEveryWaitAtOnce() {
        EventLog log = new EventLog(LONG);
        log.setRules("AA-1");
        Event made = log.append(event("c1", "connection_made"));
        log.abortWaits("the child died");
        long start = System.nanoTime();

        assertThat(log.awaitCallback("c1", "connection_made")).isEqualTo(made);
        assertThatThrownBy(() -> log.awaitCallback("c1", "connection_lost")).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Rule AA-1: The driver failed while waiting for connection_lost on c1:\nthe child died\n")
                .hasMessageContaining("#1 c1 connection_made()");
        assertThatThrownBy(() -> log.awaitTally("two events", LONG.patienceForArrival(), new Count(e -> true),
                count -> count.value() == 2))
                .hasMessageContaining("The driver failed while waiting for two events");
        assertThatThrownBy(() -> log.assertNothingWithinQuietPeriod("no data", e -> e.callback().equals("data_received")))
                .hasMessageContaining("The driver failed while waiting for a quiet period (no data)");
        assertThatThrownBy(log::awaitSilence).hasMessageContaining("The driver failed while waiting for silence");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at once, not after each wait's timeout")
                .isLessThan(LONG.arrival());
    }

    // ---- each wait looks at each event once

    private static final int FLOOD = 20_000;

    /** Appends {@code count} data_received events of {@code size} bytes on c1, one by one. */
    private static void appendData(EventLog log, int count, int size) {
        for (int i = 0; i < count; i++) {
            log.append(event("c1", "data_received", (Object) new byte[size]));
        }
    }

    /** Returns once {@code thread} waits (on the log's condition, or anywhere). */
    private static void awaitWaiting(Thread thread) {
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertThat(thread.isAlive()).as("the waiting thread is alive").isTrue();
            Thread.onSpinWait();
        }
    }

    @Test
    void aMatchingWaitLooksAtEachAppendedEventOnce() throws InterruptedException {
        EventLog log = new EventLog(LONG);
        AtomicLong calls = new AtomicLong();
        AtomicReference<Event> found = new AtomicReference<>();
        Thread waiter = new Thread(() -> found.set(log.await("the last event", e -> {
            calls.incrementAndGet();
            return e.callback().equals("connection_lost");
        })));
        waiter.start();
        awaitWaiting(waiter);

        appendData(log, FLOOD - 1, 1);
        log.append(event("c1", "connection_lost", (Object) null));
        waiter.join();

        assertThat(found.get().seq()).isEqualTo(FLOOD);
        assertThat(calls.get()).isLessThan(3L * FLOOD);
    }

    @Test
    void aTallyTakesEachEventOnceAcrossWaits() throws InterruptedException {
        EventLog log = new EventLog(LONG);
        AtomicLong calls = new AtomicLong();
        Count data = new Count(e -> {
            calls.incrementAndGet();
            return e.is("c1", "data_received");
        });
        Thread appender = new Thread(() -> appendData(log, FLOOD, 1));
        appender.start();

        log.awaitTally("half the events", LONG.patienceForArrival(), data, count -> count.value() >= FLOOD / 2);
        log.awaitTally("all the events", LONG.patienceForArrival(), data, count -> count.value() >= FLOOD);
        appender.join();
        log.catchUp(data);

        assertThat(data.value()).isEqualTo(FLOOD);
        assertThat(calls.get()).isEqualTo(FLOOD);
    }

    @Test
    void aQuietPeriodLooksAtEachEventOnce() throws InterruptedException {
        EventLog log = new EventLog(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500)));
        appendData(log, FLOOD, 1);
        AtomicLong calls = new AtomicLong();
        Thread appender = new Thread(() -> appendData(log, FLOOD, 1));

        appender.start();
        log.assertNothingWithinQuietPeriod("no connection_lost", e -> {
            calls.incrementAndGet();
            return e.callback().equals("connection_lost");
        });
        appender.join();

        assertThat(calls.get()).isLessThan(3L * 2 * FLOOD);
    }

    @Test
    void aMatchingWaitSeesAnEventAgainOnceItIsCompleted() throws InterruptedException {
        EventLog log = new EventLog(LONG);
        Event appended = log.append(event("c1", "eof_received"));
        AtomicReference<Event> found = new AtomicReference<>();
        Thread waiter = new Thread(() -> found.set(log.await("eof_received to return", e -> e.returned() != null)));
        waiter.start();
        awaitWaiting(waiter);

        log.complete(appended.seq(), false, List.of());
        waiter.join();

        assertThat(found.get().returned()).isEqualTo(false);
    }

    // ---- patience

    /** The bytes of data_received on c1. */
    private static final class DataBytes extends Tally {
        long bytes;

        @Override
        protected boolean take(Event event) {
            if (event.is("c1", "data_received") && event.arg(0) instanceof byte[] data) {
                bytes += data.length;
                return true;
            }
            return false;
        }
    }

    /** Appends {@code count} events of 10 bytes, one every {@code millis}, on a daemon thread. */
    private static Thread trickle(EventLog log, int count, long millis) {
        Thread thread = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
                log.append(event("c1", "data_received", (Object) new byte[10]));
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void aWaitOnProgressOutlivesTheArrivalTimeoutWhileProgressKeepsComing() {
        EventLog log = new EventLog(SHORT);
        trickle(log, 12, 50);
        long start = System.nanoTime();

        DataBytes data = log.awaitTally("120 bytes", SHORT.patienceOnProgress(), new DataBytes(), d -> d.bytes >= 120);

        assertThat(data.bytes).isEqualTo(120);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
    }

    @Test
    void aWaitOnProgressFailsWhenProgressStops() {
        EventLog log = new EventLog(SHORT);
        log.setRules("R-2");
        trickle(log, 3, 50);

        assertThatThrownBy(() -> log.awaitTally("100 bytes", SHORT.patienceOnProgress(), new DataBytes(),
                d -> d.bytes >= 100))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Rule R-2: Nothing moved for 150 ms (")
                .hasMessageContaining("ms in all) while waiting for 100 bytes")
                .hasMessageContaining("#3 c1 data_received(<10 bytes>)");
    }

    @Test
    void aWaitForArrivalFailsAfterTheArrivalTimeoutThoughEventsKeepComing() {
        EventLog log = new EventLog(SHORT);
        trickle(log, 12, 50);

        assertThatThrownBy(() -> log.awaitTally("120 bytes", SHORT.patienceForArrival(), new DataBytes(),
                d -> d.bytes >= 120))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Timed out after ")
                .hasMessageContaining("ms waiting for 120 bytes");
    }

    @Test
    void awaitSilenceFailsWithAWaitTimeoutWhileCallbacksKeepComing() {
        EventLog log = new EventLog(new Timeouts(Duration.ofMillis(300), Duration.ofMillis(100)));
        Thread appender = trickle(log, 40, 20);

        assertThatThrownBy(log::awaitSilence).isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("waiting for silence (no callback for 100 ms): callbacks kept arriving");
        appender.interrupt();
    }

    // ---- floods

    @Test
    void aFloodOfEventsStopsTheLogAndFailsEveryWaitAtOnce() throws InterruptedException {
        EventLog log = new EventLog(LONG, 10, 1 << 20);
        log.setRules("R-3");
        AtomicReference<Throwable> earlier = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                log.awaitCallback("c1", "connection_lost");
            } catch (AssertionError e) {
                earlier.set(e);
            }
        });
        waiter.start();
        awaitWaiting(waiter);
        long start = System.nanoTime();

        appendData(log, 15, 1);
        waiter.join();

        assertThat(earlier.get()).isNotInstanceOf(WaitTimeout.class).hasMessageStartingWith(
                "Rule R-3: Gave up waiting for connection_lost on c1: the implementation flooded the event log: "
                        + "more than 10 callbacks in one scenario\n");
        assertThat(log.snapshot()).hasSize(10);
        assertThat(log.render()).endsWith("#10 c1 data_received(<1 bytes>) [loop-test-1]\n  ... and 5 more callbacks "
                + "not recorded: the implementation flooded the event log: more than 10 callbacks in one scenario");
        assertThatThrownBy(() -> log.await("anything", e -> e.seq() > 10))
                .hasMessageContaining("the implementation flooded the event log");
        assertThatThrownBy(() -> log.awaitTally("11 events", LONG.patienceForArrival(), new Count(e -> true),
                count -> count.value() > 10)).hasMessageContaining("the implementation flooded the event log");
        assertThatThrownBy(() -> log.assertNothingWithinQuietPeriod("no connection_lost", e -> false))
                .hasMessageContaining("the implementation flooded the event log");
        assertThatThrownBy(log::awaitSilence).hasMessageContaining("the implementation flooded the event log");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.arrival().dividedBy(5));
    }

    @Test
    void aFloodOfDataStopsTheLogAtItsPayloadCap() {
        EventLog log = new EventLog(LONG, 1000, 1 << 20);
        int chunk = 300 * 1024;

        Event last = null;
        for (int i = 0; i < 5; i++) {
            last = log.append(event("c1", "data_received", (Object) new byte[chunk]));
        }
        log.complete(last.seq(), null, List.of());

        assertThat(log.snapshot()).hasSize(3);
        assertThat(last.seq()).isEqualTo(5);
        assertThat(EventLog.estimatedSize(last)).isEqualTo(chunk + EventLog.EVENT_OVERHEAD_BYTES);
        assertThatThrownBy(() -> log.awaitCallback("c1", "connection_lost")).hasMessageContaining(
                "the implementation flooded the event log: more than 1 MiB of callback data in one scenario");
        assertThat(log.render()).contains("... and 2 more callbacks not recorded");
    }

    @Test
    void aLogFilledToItsDefaultEventCapFitsTheHeapOfTheJvmThatRunsTheScenarios() {
        long heap = 192L << 20; // ForkedRun's -Xmx192m for the JVM that runs the scenarios in-process
        int maxEvents = EventLog.maxEvents(heap);
        EventLog log = new EventLog(LONG, maxEvents, EventLog.MAX_PAYLOAD_BYTES);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        for (int i = 0; i <= maxEvents; i++) {
            log.append(event("c1", "pause_writing"));
        }
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory() - before;

        assertThat(log.flood()).isPresent();
        assertThat(maxEvents).isEqualTo(98_304);
        assertThat(used).as("heap held by a full log, of 192 MiB").isLessThan(heap / 2);
        assertThat(EventLog.maxEvents(8L << 30)).isEqualTo(1_000_000);

    }

    // ---- rendering

    @Test
    void renderShowsTheFirstAndLastHundredEvents() {
        EventLog log = new EventLog(LONG);
        for (int i = 1; i <= 250; i++) {
            log.append(event("c" + i, "connection_made"));
        }

        List<String> lines = List.of(log.render().split("\n"));

        assertThat(lines).hasSize(1 + 100 + 1 + 100);
        assertThat(lines.get(0)).isEqualTo("Recorded callbacks:");
        assertThat(lines.get(1)).isEqualTo("  #1 c1 connection_made() [loop-test-1]");
        assertThat(lines.get(100)).isEqualTo("  #100 c100 connection_made() [loop-test-1]");
        assertThat(lines.get(101)).isEqualTo("  ... 50 events not shown ...");
        assertThat(lines.get(102)).isEqualTo("  #151 c151 connection_made() [loop-test-1]");
        assertThat(lines.get(201)).isEqualTo("  #250 c250 connection_made() [loop-test-1]");
    }

    @Test
    void renderShowsEveryEventOfAShortLog() {
        EventLog log = new EventLog(LONG);
        for (int i = 1; i <= 200; i++) {
            log.append(event("c" + i, "connection_made"));
        }

        assertThat(log.render().split("\n")).hasSize(201).doesNotContain("  ... 0 events not shown ...");
    }
}
