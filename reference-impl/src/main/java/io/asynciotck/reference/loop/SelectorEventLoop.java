package io.asynciotck.reference.loop;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The scheduling and I/O core of the reference event loop: one {@link Selector}, driven by the thread
 * that calls {@link #runForever()}. Subclasses add the connection-creating calls.
 *
 * <p>One iteration, as in asyncio's {@code _run_once}: take the callbacks submitted from other threads,
 * select (without blocking when callbacks are ready or the loop is stopping, else until the first timer
 * is due or another thread wakes the loop), dispatch I/O readiness to the {@link IoHandler} attached to
 * each ready key, move the timers that are due to the ready queue, then run the callbacks that are
 * ready at that point; callbacks they schedule run in the next iteration.
 *
 * <p>Threading: the ready queue and the timer heap belong to the loop thread. Another thread's
 * {@link #callSoon}/{@link #callLater} go through a lock-free queue, and it wakes the selector only when
 * the loop may be blocked in it. The transport-facing methods ({@link #register}, {@link #readBuffer}, {@link #writeChunks},
 * {@link #callAfterDeregistration}) are for the loop thread only.
 *
 * <p>A callback that throws does not stop the loop: the exception goes to the exception handler.
 * Cancelled timers stay in the heap until they are due (as in asyncio without its clean-up pass).
 */
public abstract class SelectorEventLoop implements EventLoop {

    private static final System.Logger LOG = System.getLogger(SelectorEventLoop.class.getName());
    /** asyncio's {@code max_size} for one socket read. */
    private static final int READ_BUFFER_SIZE = 256 * 1024;
    /** A select timeout meaning "do not block". */
    private static final long SELECT_NOW = -1;

    private final Selector selector;
    private final long epoch = System.nanoTime();
    private final MpscHandleQueue incoming = new MpscHandleQueue();
    private final ArrayDeque<CallbackHandle> ready = new ArrayDeque<>();
    private final PriorityQueue<TimerHandle> timers = new PriorityQueue<>();
    private final ArrayDeque<Runnable> awaitingDeregistration = new ArrayDeque<>();
    /** Handlers whose readiness comes from outside the selector: closed with the loop like the keys' handlers. */
    private final Set<IoHandler> externalHandlers = new LinkedHashSet<>();
    /** False only while the loop may be blocked in select: the one moment another thread must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    private long timerSequence;
    private ByteBuffer readBuffer;
    private final ChunkPool writeChunks = new ChunkPool();
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile Consumer<ExceptionContext> exceptionHandler;

    /** @throws UncheckedIOException if no selector can be opened */
    protected SelectorEventLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** @throws IllegalStateException if the loop is closed */
    @Override
    public Handle callSoon(Runnable callback) {
        CallbackHandle handle = new CallbackHandle(callback);
        if (inLoopThread()) {
            ready.add(handle);
        } else {
            submit(handle);
        }
        return handle;
    }

    /**
     * A zero or negative delay makes the callback due at once; it still runs after the callbacks
     * already ready.
     *
     * @throws IllegalStateException if the loop is closed
     */
    @Override
    public Handle callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay");
        TimerHandle handle = new TimerHandle(callback, deadlineAfter(delay));
        if (inLoopThread()) {
            addTimer(handle);
        } else {
            submit(handle);
        }
        return handle;
    }

    @Override
    public boolean inLoopThread() {
        return runner.get() == Thread.currentThread();
    }

    /**
     * Runs iterations until {@link #stop()}. If {@code stop()} was called before, runs one iteration
     * (asyncio: polls I/O once without blocking and runs what is ready).
     *
     * @throws IllegalStateException if the loop is closed or already running
     */
    @Override
    public void runForever() {
        if (closed) {
            throw new IllegalStateException("the event loop is closed");
        }
        if (!runner.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("the event loop is already running");
        }
        try {
            do {
                runOnce();
            } while (!stopping);
        } finally {
            stopping = false;
            runner.set(null);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (!inLoopThread()) {
            wakeUp();
        }
    }

    @Override
    public boolean isRunning() {
        return runner.get() != null;
    }

    @Override
    public void setExceptionHandler(Consumer<ExceptionContext> handler) {
        exceptionHandler = handler;
    }

    /**
     * Aborts the channels still registered (open transports, listening sockets, connections in
     * progress, and the handlers added with {@link #addExternalHandler}: child processes and their
     * pipes) through {@link IoHandler#onLoopClose()}, closes the selector and drops the callbacks
     * not run yet: as in asyncio, no protocol callback runs after this, so the protocols of transports
     * still open get no {@code connectionLost}.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        closed = true;
        for (SelectionKey key : selector.keys().toArray(new SelectionKey[0])) {
            IoHandler handler = (IoHandler) key.attachment();
            try {
                handler.onLoopClose();
            } catch (Throwable failure) {
                Failures.rethrowIfFatal(failure);
                reportException(new ExceptionContext("Exception while closing " + handler, failure, handler, null));
            }
        }
        for (IoHandler handler : externalHandlers.toArray(new IoHandler[0])) {
            try {
                handler.onLoopClose();
            } catch (Throwable failure) {
                Failures.rethrowIfFatal(failure);
                reportException(new ExceptionContext("Exception while closing " + handler, failure, handler, null));
            }
        }
        externalHandlers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            reportException(new ExceptionContext("Exception while closing the selector", e, null, null));
        }
        ready.clear();
        timers.clear();
        while (incoming.poll() != null) {
            // dropped, like asyncio's ready queue on close
        }
        // The selector is closed, so every channel closed before is really closed now.
        for (Runnable callback = awaitingDeregistration.poll(); callback != null; callback = awaitingDeregistration.poll()) {
            run(new CallbackHandle(callback));
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Registers a non-blocking channel with this loop's selector. Loop thread only (or while the loop
     * is not running).
     */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Adds a handler whose readiness does not come from this loop's selector (the process poller's
     * registrations), so that {@link #close()} calls its {@link IoHandler#onLoopClose()} as it does for
     * the handlers of registered keys. Loop thread only (or while the loop is not running).
     */
    public void addExternalHandler(IoHandler handler) {
        externalHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    /** Removes a handler added with {@link #addExternalHandler}. Loop thread only. */
    public void removeExternalHandler(IoHandler handler) {
        externalHandlers.remove(handler);
    }

    /**
     * The buffer every transport of this loop reads into (direct, {@value #READ_BUFFER_SIZE} bytes,
     * so more than the largest UDP datagram, which datagram transports receive whole into it): its
     * content is only valid until the reading handler returns. Loop thread only.
     */
    public ByteBuffer readBuffer() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
        }
        return readBuffer;
    }

    /** The chunks this loop's transports buffer outgoing data in. Loop thread only. */
    public ChunkPool writeChunks() {
        return writeChunks;
    }

    /**
     * Runs {@code callback} on the loop thread once the selector has completed a selection that began
     * after this call. The JDK defers the real close of a registered channel's socket until its
     * cancelled key is flushed by such a selection; this is how a caller learns that the socket is
     * closed (a listening socket refuses connections, for example). Loop thread only.
     */
    public void callAfterDeregistration(Runnable callback) {
        awaitingDeregistration.add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * asyncio's {@code call_exception_handler}: passes {@code context} to the handler set with
     * {@link #setExceptionHandler}, or logs it at level ERROR through {@link System.Logger} (by default
     * to stderr). An exception thrown by the handler is logged with the context.
     */
    public void reportException(ExceptionContext context) {
        Consumer<ExceptionContext> handler = exceptionHandler;
        if (handler == null) {
            log(context);
            return;
        }
        try {
            handler.accept(context);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            LOG.log(Level.ERROR, "Unhandled error in exception handler", failure);
            log(context);
        }
    }

    /** Nanoseconds since the loop was created: never negative, so deadlines can saturate safely. */
    long now() {
        return System.nanoTime() - epoch;
    }

    private static void log(ExceptionContext context) {
        StringBuilder message = new StringBuilder(String.valueOf(context.message()));
        if (context.transport() != null) {
            message.append(System.lineSeparator()).append("transport: ").append(context.transport());
        }
        if (context.protocol() != null) {
            message.append(System.lineSeparator()).append("protocol: ").append(context.protocol());
        }
        LOG.log(Level.ERROR, message.toString(), context.exception());
    }

    private long deadlineAfter(Duration delay) {
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = delay.isNegative() ? 0 : Long.MAX_VALUE;
        }
        long now = now();
        return nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }

    private void submit(CallbackHandle handle) {
        if (closed) {
            throw new IllegalStateException("the event loop is closed");
        }
        incoming.push(handle);
        wakeUp();
    }

    private void wakeUp() {
        if (awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void addTimer(TimerHandle timer) {
        timer.sequence = timerSequence++;
        timers.add(timer);
    }

    private void runOnce() {
        drainIncoming();
        int deregistrationsToRelease = awaitingDeregistration.size();
        long timeout = selectTimeout();
        try {
            if (timeout != SELECT_NOW) {
                awake.set(false);
                // Re-check after arming: a submission before this point did not wake the selector.
                if (!incoming.isEmpty() || stopping) {
                    timeout = SELECT_NOW;
                }
            }
            if (timeout == SELECT_NOW) {
                selector.selectNow(dispatcher);
            } else {
                selector.select(dispatcher, timeout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        } finally {
            awake.set(true);
        }
        drainIncoming();
        for (; deregistrationsToRelease > 0; deregistrationsToRelease--) {
            ready.add(new CallbackHandle(awaitingDeregistration.poll()));
        }
        long now = now();
        for (TimerHandle timer = timers.peek(); timer != null && timer.deadline <= now; timer = timers.peek()) {
            timers.poll();
            if (!timer.isCancelled()) {
                ready.add(timer);
            }
        }
        for (int count = ready.size(); count > 0; count--) {
            run(ready.poll());
        }
    }

    /** {@link #SELECT_NOW}, 0 to block until woken up, or the milliseconds until the first timer is due. */
    private long selectTimeout() {
        if (!ready.isEmpty() || !awaitingDeregistration.isEmpty() || stopping) {
            return SELECT_NOW;
        }
        TimerHandle first = timers.peek();
        while (first != null && first.isCancelled()) {
            timers.poll();
            first = timers.peek();
        }
        if (first == null) {
            return 0;
        }
        long wait = first.deadline - now();
        if (wait <= 0) {
            return SELECT_NOW;
        }
        return wait / 1_000_000 + (wait % 1_000_000 == 0 ? 0 : 1);
    }

    private void drainIncoming() {
        for (CallbackHandle handle = incoming.poll(); handle != null; handle = incoming.poll()) {
            if (handle instanceof TimerHandle timer) {
                addTimer(timer);
            } else {
                ready.add(handle);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return; // cancelled by a handler earlier in this selection
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key.readyOps());
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            reportException(new ExceptionContext("Exception in I/O handler " + handler, failure, handler, null));
        }
    }

    private void run(CallbackHandle handle) {
        if (handle.isCancelled()) {
            return;
        }
        try {
            handle.callback.run();
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            reportException(new ExceptionContext("Exception in callback " + handle.callback, failure, null, null));
        }
    }
}
