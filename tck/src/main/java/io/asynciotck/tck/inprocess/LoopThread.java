package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.tck.driver.DriverException;

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
 * Every wait on the loop is bounded by {@code timeout}; a loop that does not answer fails with a
 * {@link DriverException} that says what was waited for and where the loop thread is stuck.
 */
final class LoopThread {

    private final EventLoop loop;
    private final Thread thread;
    private final Duration timeout;
    /** Completes when the thread ends, whether {@code runForever()} returned or threw. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Throwable failure;

    LoopThread(EventLoop loop, String name, Duration timeout) {
        this.loop = loop;
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
     * @throws DriverException when the loop refuses the callback or does not run it within the timeout
     */
    <T> T call(String what, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.callSoon(() -> {
                try {
                    result.complete(task.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
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
     * @throws DriverException when it is not done in time, or the loop thread ended before
     */
    void awaitDone(CompletableFuture<?> future, String what) {
        long millis = timeout.toMillis();
        try {
            CompletableFuture.anyOf(future, ended).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException(what + ": the implementation did not answer within " + millis + " ms"
                    + " (loop thread " + thread.getName() + " " + whereIs() + ")");
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
     * the timeout is interrupted and given the timeout again.
     *
     * @throws DriverException when the thread had to be interrupted (saying whether it then ended or is
     *                         leaked), or when {@code runForever()} or {@code close()} threw
     */
    void shutdown() {
        if (thread.isAlive()) {
            requestStop();
        }
        long millis = timeout.toMillis();
        if (!join(millis)) {
            String where = whereIs();
            thread.interrupt();
            boolean endedAfterInterrupt = join(millis);
            throw new DriverException("The loop thread " + thread.getName() + " did not end within " + millis
                    + " ms of stop() (" + where + "); it was interrupted"
                    + (endedAfterInterrupt ? " and then ended" : " and is still running: leaked"));
        }
        if (failure != null) {
            throw new DriverException("The event loop failed on thread " + thread.getName() + ": " + failure, failure);
        }
    }

    /** Stops the loop from inside (a callback), so that a loop not yet running stops too. */
    private void requestStop() {
        try {
            loop.callSoon(loop::stop);
        } catch (RuntimeException refused) {
            try {
                loop.stop();
            } catch (RuntimeException alsoRefused) {
                // the bounded join that follows reports a loop that goes on running
            }
        }
    }

    private boolean join(long millis) {
        try {
            thread.join(millis);
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
