package io.asynciotck.reference.loop;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorEventLoopTest {

    private static final long TIMEOUT_SECONDS = 5;

    private final TestLoop loop = new TestLoop();
    private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    private Thread background;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (background != null) {
            loop.stop();
            background.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(background.isAlive()).as("loop thread still running").isFalse();
        }
        loop.close();
    }

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(() -> trace.add("cb" + n));
        }
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(trace).containsExactly("cb0", "cb1", "cb2", "cb3", "cb4");
    }

    @Test
    void callbacksScheduledByACallbackRunAfterThoseAlreadyReady() {
        loop.callSoon(() -> {
            trace.add("a");
            loop.callSoon(() -> {
                trace.add("c");
                loop.stop();
            });
        });
        loop.callSoon(() -> trace.add("b"));
        loop.runForever();
        assertThat(trace).containsExactly("a", "b", "c");
    }

    @Test
    void callLaterRunsTimersInDeadlineOrderAfterTheirDelay() {
        Map<String, TimerHandle> timers = new LinkedHashMap<>();
        Map<String, Long> lateness = new HashMap<>();
        for (int delay : new int[] {40, 10, 0, -5, 10}) {
            String name = delay + "ms#" + timers.size();
            TimerHandle[] self = new TimerHandle[1];
            self[0] = (TimerHandle) loop.callLater(Duration.ofMillis(delay), () -> {
                trace.add(name);
                lateness.put(name, loop.now() - self[0].deadline);
            });
            timers.put(name, self[0]);
        }
        loop.callSoon(() -> trace.add("soon"));
        loop.callLater(Duration.ofMillis(45), loop::stop);
        loop.runForever();

        // Deadlines are absolute: the order is theirs (ties in scheduling order), whatever the scheduling took.
        List<String> byDeadline = new ArrayList<>(timers.keySet());
        byDeadline.sort(Comparator.comparingLong(name -> timers.get(name).deadline));
        List<String> expected = new ArrayList<>(List.of("soon"));
        expected.addAll(byDeadline);
        assertThat(trace).containsExactlyElementsOf(expected);
        assertThat(lateness).hasSize(5);
        assertThat(lateness.values()).as("no timer runs before its deadline").allSatisfy(late -> assertThat(late).isNotNegative());
    }

    @Test
    void hugeDelaysDoNotOverflow() {
        Handle never = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> trace.add("never"));
        loop.callLater(Duration.ofMillis(1), loop::stop);
        loop.runForever();
        assertThat(trace).isEmpty();
        assertThat(never.isCancelled()).isFalse();
    }

    @Test
    void cancelledCallbacksAndTimersDoNotRun() {
        Handle soon = loop.callSoon(() -> trace.add("soon"));
        Handle later = loop.callLater(Duration.ofMillis(1), () -> trace.add("later"));
        soon.cancel();
        later.cancel();
        loop.callLater(Duration.ofMillis(20), loop::stop);
        loop.runForever();
        assertThat(trace).isEmpty();
        assertThat(soon.isCancelled()).isTrue();
        assertThat(later.isCancelled()).isTrue();
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration() {
        loop.stop();
        loop.callSoon(() -> {
            trace.add("first");
            loop.callSoon(() -> trace.add("second"));
        });
        loop.runForever();
        assertThat(trace).containsExactly("first");
        loop.stop();
        loop.runForever();
        assertThat(trace).containsExactly("first", "second");
    }

    @Test
    void anExceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn() {
        List<ExceptionContext> reported = new ArrayList<>();
        loop.setExceptionHandler(reported::add);
        IllegalStateException boom = new IllegalStateException("boom");
        loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(() -> trace.add("after"));
        loop.callLater(Duration.ofMillis(1), () -> {
            throw new AssertionError("an Error too");
        });
        loop.callLater(Duration.ofMillis(5), loop::stop);
        loop.runForever();
        assertThat(trace).containsExactly("after");
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0).exception()).isSameAs(boom);
        assertThat(reported.get(0).message()).contains("callback");
        assertThat(reported.get(1).exception()).isInstanceOf(AssertionError.class);
    }

    @Test
    void aThrowingExceptionHandlerDoesNotKillTheLoop() {
        Logger log = Logger.getLogger(SelectorEventLoop.class.getName());
        Level level = log.getLevel();
        log.setLevel(Level.OFF); // the loop logs both exceptions: expected, not noise
        try {
            runWithThrowingHandler();
        } finally {
            log.setLevel(level);
        }
    }

    private void runWithThrowingHandler() {
        loop.setExceptionHandler(context -> {
            throw new IllegalStateException("handler fails too (expected in this test)");
        });
        loop.callSoon(() -> {
            throw new IllegalStateException("callback fails (expected in this test)");
        });
        loop.callSoon(() -> trace.add("after"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(trace).containsExactly("after");
    }

    @Test
    void runningStateAndLoopThread() {
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.inLoopThread()).isFalse();
        loop.callSoon(() -> {
            trace.add("running=" + loop.isRunning() + " inLoop=" + loop.inLoopThread());
            assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class);
            loop.stop();
        });
        loop.runForever();
        assertThat(trace).containsExactly("running=true inLoop=true");
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.isClosed()).isFalse();
    }

    @Test
    void closeIsIdempotentAndRefusesFurtherWork() {
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.callSoon(() -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> loop.callSoon(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callLater(null, () -> { })).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callLater(Duration.ZERO, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void callSoonFromAnotherThreadWakesTheBlockedLoop() throws Exception {
        startInBackground();
        for (int i = 0; i < 50; i++) {
            CompletableFuture<Boolean> ranOnLoop = new CompletableFuture<>();
            loop.callSoon(() -> ranOnLoop.complete(loop.inLoopThread()));
            assertThat(ranOnLoop.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void callLaterFromAnotherThreadWakesTheBlockedLoop() throws Exception {
        startInBackground();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.callLater(Duration.ofMillis(20), () -> ran.complete(System.nanoTime() - start));
        assertThat(ran.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void stopFromAnotherThreadEndsABlockedRunForever() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        loop.callSoon(started::countDown);
        Thread runner = new Thread(loop::runForever, "loop");
        runner.start();
        assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        runner.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(runner.isAlive()).isFalse();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void manyThreadsSchedulingConcurrentlyLoseNothing() throws Exception {
        startInBackground();
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    loop.callSoon(done::countDown);
                }
            });
            producer.start();
            producers.add(producer);
        }
        assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (Thread producer : producers) {
            producer.join();
        }
    }

    private void startInBackground() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        loop.callSoon(started::countDown);
        background = new Thread(loop::runForever, "loop");
        background.start();
        assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
}
