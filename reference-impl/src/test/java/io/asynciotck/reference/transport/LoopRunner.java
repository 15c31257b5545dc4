package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.ExceptionContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@link ReferenceEventLoop} running on its own thread, with bounded waits for the test thread. */
final class LoopRunner {

    static final long TIMEOUT_SECONDS = 5;
    static final String THREAD_NAME = "reference-loop";

    final ReferenceEventLoop loop = new ReferenceEventLoop();
    final List<ExceptionContext> reported = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    LoopRunner() throws InterruptedException {
        loop.setExceptionHandler(reported::add);
        CountDownLatch started = new CountDownLatch(1);
        loop.callSoon(started::countDown);
        thread = new Thread(loop::runForever, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("loop started").isTrue();
    }

    /** Runs {@code task} on the loop thread and returns its result. */
    <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoon(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return await(result);
    }

    void run(Runnable task) throws Exception {
        call(() -> {
            task.run();
            return null;
        });
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops the loop, waits for its thread, closes the loop. */
    void close() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(thread.isAlive()).as("loop thread ended").isFalse();
        loop.close();
    }
}
