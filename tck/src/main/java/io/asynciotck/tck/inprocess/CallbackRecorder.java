package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Records one session's callbacks in its {@link EventLog} and tells whether a callback started while
 * another one was running.
 *
 * <p>A callback counts as running while its own code runs, not while it is inside a call it makes on
 * its transport: a {@code pause_writing} that a transport calls from inside a reaction's
 * {@code write()} (as CPython does) is nested, not concurrent. Concurrent means that the
 * implementation started a callback while another one's own code was running: on another thread, or
 * re-entering it behind its back.
 */
final class CallbackRecorder {

    private final EventLog log;
    private final AtomicInteger running = new AtomicInteger();

    CallbackRecorder(EventLog log) {
        this.log = log;
    }

    /** Marks the start of a callback; true when another callback's own code is running. */
    boolean enter() {
        return running.getAndIncrement() > 0;
    }

    /** Marks the end of a callback started with {@link #enter()}. */
    void exit() {
        running.decrementAndGet();
    }

    /** Runs a call the current callback makes on its transport: callbacks nested in it are not concurrent. */
    Outcome callOut(Supplier<Outcome> call) {
        running.decrementAndGet();
        try {
            return call.get();
        } finally {
            running.incrementAndGet();
        }
    }

    /**
     * Appends a callback's event (numbered by the log) at the start of the callback, on its thread.
     *
     * @param nanos when the callback started ({@link System#nanoTime()})
     */
    Event append(String target, String origin, String callback, List<Object> args, long nanos, boolean concurrent,
                 Map<String, Object> probes) {
        return log.append(new Event(0, target, origin, callback, args, null, Thread.currentThread().getName(),
                nanos, concurrent, probes, List.of()));
    }

    /** Completes an appended event with what the callback returned and its reactions' outcomes. */
    void complete(Event event, Object returned, List<Outcome> reactions) {
        log.complete(event.seq(), returned, reactions);
    }

    /**
     * Notes that the connection-creating call returned connection {@code target} now, on the thread that
     * completed its future: after the events recorded so far ({@link EventLog#noteReturned}).
     */
    void returned(String target) {
        log.noteReturned(target);
    }

    /**
     * The loop's exception handler: records {@code exception_handler(message, exception)} on target
     * {@code loop}.
     */
    void exceptionHandler(ExceptionContext context) {
        Object exception = context.exception() == null ? null : Errors.of(context.exception());
        log.append(new Event(0, "loop", null, "exception_handler", Arrays.asList(context.message(), exception), null,
                Thread.currentThread().getName(), System.nanoTime(), running.get() > 0, Map.of(), List.of()));
    }
}
