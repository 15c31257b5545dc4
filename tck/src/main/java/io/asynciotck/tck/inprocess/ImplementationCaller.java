package io.asynciotck.tck.inprocess;

import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.events.Patience;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Makes the calls into the implementation that the API lets any thread make (the connection-making calls,
 * {@code call_soon}, {@code stop}, setting the exception handler) on a daemon thread of its own, and waits
 * for each at most a timeout: an implementation that blocks in one of them then costs that timeout and a
 * {@link DriverTimeoutException}, not the scenario's thread. The calls keep their order. A call that never
 * returns keeps the thread; the calls after it time out too, and the thread dies with the JVM.
 */
final class ImplementationCaller implements AutoCloseable {

    private final String name;
    private volatile Thread thread;
    private final ExecutorService executor;

    ImplementationCaller(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread made = new Thread(task, name);
            made.setDaemon(true);
            thread = made;
            return made;
        });
    }

    /**
     * Runs {@code call} on the caller's thread and returns what it returned.
     *
     * @param what  the call, in words, for the failure message
     * @param limit how long it may take (plus the time the TCK itself was starved)
     * @throws DriverTimeoutException when it has not returned within the limit: the message says where the
     *                                implementation is
     * @throws RuntimeException       what the implementation threw, as it threw it
     */
    <T> T call(String what, Duration limit, Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(call.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new DriverException(what + ": the session is closed", e);
        }
        return await(result, what, limit, thread);
    }

    /** Runs {@code call} once on a thread of its own, as {@link #call} does. */
    static <T> T once(String what, String threadName, Duration limit, Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, threadName);
        caller.setDaemon(true);
        caller.start();
        return await(result, what, limit, caller);
    }

    private static <T> T await(CompletableFuture<T> result, String what, Duration limit, Thread caller) {
        Patience patience = Patience.forArrival(limit);
        try {
            while (true) {
                long left = patience.remainingNanos();
                if (left == 0) {
                    throw new DriverTimeoutException(what + ": the implementation did not return within " + limit.toMillis()
                            + " ms" + where(caller) + patience.starvationNote());
                }
                try {
                    return result.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException notYet) {
                    // patience may have grown meanwhile: look again
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new DriverException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(what + ": interrupted while waiting for the implementation", e);
        }
    }

    /** {@code  (thread x is in A.b(A.java:1) called from C.d(C.java:2))}, or empty. */
    private static String where(Thread caller) {
        if (caller == null) {
            return "";
        }
        StackTraceElement[] stack = caller.getStackTrace();
        String frames = Arrays.stream(stack).limit(3).map(frame -> {
            String type = frame.getClassName();
            return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName() + "(" + frame.getFileName()
                    + ":" + frame.getLineNumber() + ")";
        }).collect(Collectors.joining(" called from "));
        return " (thread " + caller.getName() + (frames.isEmpty() ? "" : " is in " + frames) + ")";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name;
    }
}
