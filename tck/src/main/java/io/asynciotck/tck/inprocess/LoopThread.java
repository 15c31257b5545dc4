package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.events.Patience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The dedicated daemon thread that runs one event loop: {@code runForever()}, then {@code close()} on
 * that same thread once {@code runForever()} returned, so that the loop is never closed while running.
 * Every wait on the loop is bounded by a timeout, extended by the time the TCK itself was starved
 * ({@link Patience}); a loop that does not answer, or does not stop, fails with a
 * {@link DriverTimeoutException} that says what was waited for and where the loop thread is stuck.
 */
final class LoopThread {

    private final EventLoop loop;
    private final ImplementationCaller caller;
    private final Thread thread;
    /** How long the loop has to answer a call or to stop, unless a wait says otherwise. */
    private final Duration timeout;
    /** Completes when the thread ends, whether {@code runForever()} returned or threw. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Throwable failure;

    /** @param caller makes the calls into the loop from outside its thread ({@code call_soon}, {@code stop}) */
    LoopThread(EventLoop loop, String name, Duration timeout, ImplementationCaller caller) {
        this.loop = loop;
        this.caller = caller;
        this.timeout = timeout;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String name() {
        return thread.getName();
    }

    private void run() {
        try {
            loop.runForever();
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                loop.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
            ended.complete(null);
        }
    }

    /**
     * Runs {@code task} on the loop thread through {@code callSoon} and returns its result.
     *
     * @param what the call, in words, for the failure message
     * @throws DriverTimeoutException when the loop does not run it within the timeout
     * @throws DriverException        when the loop refuses the callback, or the thread ended
     */
    <T> T call(String what, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            caller.call(what + ": call_soon", timeout, () -> loop.callSoon(() -> {
                try {
                    result.complete(task.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }));
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DriverException(what + ": the event loop refused call_soon: " + e, e);
        }
        awaitDone(result, what);
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DriverException driverException) {
                throw driverException;
            }
            throw new DriverException(what + ": the driver failed on the loop thread: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits, bounded by the timeout, until {@code future} is done (normally or not).
     *
     * @throws DriverTimeoutException when it is not done in time
     * @throws DriverException        when the loop thread ended before
     */
    void awaitDone(CompletableFuture<?> future, String what) {
        awaitDone(future, what, timeout);
    }

    /**
     * Waits until {@code future} is done (normally or not), for at most {@code limit} plus the time the
     * TCK itself was starved meanwhile ({@link Patience#forArrival}).
     *
     * @throws DriverTimeoutException when it is not done in time: the message says where the loop thread is
     * @throws DriverException        when the loop thread ended before
     */
    void awaitDone(CompletableFuture<?> future, String what, Duration limit) {
        Patience patience = Patience.forArrival(limit);
        CompletableFuture<Object> doneOrEnded = CompletableFuture.anyOf(future, ended);
        try {
            while (!doneOrEnded.isDone()) {
                long left = patience.remainingNanos();
                if (left == 0) {
                    throw new DriverTimeoutException(what + ": the implementation did not answer within "
                            + limit.toMillis() + " ms (loop thread " + thread.getName() + " " + whereIs() + ")"
                            + patience.starvationNote());
                }
                try {
                    doneOrEnded.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException notYet) {
                    // patience may have grown meanwhile: look again
                }
            }
        } catch (ExecutionException e) {
            // the future failed: the caller inspects it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(what + ": interrupted while waiting for the implementation", e);
        }
        if (!future.isDone()) {
            throw new DriverException(what + ": the loop thread " + thread.getName()
                    + " ended before answering" + (failure == null ? "" : ": " + failure), failure);
        }
    }

    /**
     * Stops the loop and waits for the thread to close it and end. A thread that does not end within
     * the timeout (plus the time the TCK was starved) is interrupted and given the timeout again.
     *
     * @throws DriverTimeoutException when the thread had to be interrupted (saying whether it then ended
     *                                or is leaked)
     * @throws DriverException        when {@code runForever()} or {@code close()} threw
     */
    void shutdown() {
        if (thread.isAlive()) {
            requestStop();
        }
        Patience patience = Patience.forArrival(timeout);
        if (!join(patience)) {
            String where = whereIs();
            thread.interrupt();
            boolean endedAfterInterrupt = join(Patience.forArrival(timeout));
            throw new DriverTimeoutException("The loop thread " + thread.getName() + " did not end within "
                    + timeout.toMillis() + " ms of stop() (" + where + "); it was interrupted"
                    + (endedAfterInterrupt ? " and then ended" : " and is still running: leaked")
                    + patience.starvationNote());
        }
        if (failure != null) {
            throw new DriverException("The event loop failed on thread " + thread.getName() + ": " + failure, failure);
        }
    }

    /** Stops the loop from inside (a callback), so that a loop not yet running stops too. */
    private void requestStop() {
        try {
            caller.call("call_soon(stop)", timeout, () -> loop.callSoon(loop::stop));
        } catch (DriverTimeoutException blocked) {
            // the bounded join that follows reports a loop that goes on running
        } catch (RuntimeException refused) {
            try {
                caller.call("stop()", timeout, () -> {
                    loop.stop();
                    return null;
                });
            } catch (RuntimeException alsoRefused) {
                // the bounded join that follows reports a loop that goes on running
            }
        }
    }

    /** Waits for the thread to end as long as {@code patience} lasts; whether it ended. */
    private boolean join(Patience patience) {
        try {
            while (thread.isAlive()) {
                long left = patience.remainingNanos();
                if (left == 0) {
                    return false;
                }
                thread.join(TimeUnit.NANOSECONDS.toMillis(left), (int) (left % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * Where the loop thread is: the top of its stack and, when that is inside the JDK, the first frame
     * outside it (the implementation's or the protocol's code that called in).
     */
    private String whereIs() {
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length == 0) {
            return thread.isAlive() ? "is running" : "has ended";
        }
        String where = "is in " + frame(stack[0]);
        for (StackTraceElement element : stack) {
            if (!isJdk(element)) {
                return element == stack[0] ? where : where + " called from " + frame(element);
            }
        }
        return where;
    }

    private static boolean isJdk(StackTraceElement element) {
        String type = element.getClassName();
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun.");
    }

    private static String frame(StackTraceElement element) {
        String type = element.getClassName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + element.getMethodName()
                + "(" + element.getFileName() + ":" + element.getLineNumber() + ")";
    }
}
