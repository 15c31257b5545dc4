package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.Timeouts;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One child process speaking PROTOCOL.md: numbered requests and their replies, with the child's
 * {@code event} and {@code complete} lines relayed to the scenario's {@link EventLog}.
 *
 * <p>Never hang, never lose. A child must keep reading a request (one of megabytes may take longer
 * than the timeout to go through the pipe, but the child may never go the timeout without taking some
 * of it) and answer within the timeout once it has it all. The timeout is the arrival timeout, or the
 * start-up timeout for the requests that start a process ({@link #STARTUP_OPS}); either is a
 * {@link Patience}, extended by the time the TCK itself was starved. A child that does not, dies, or
 * writes a line that is not valid protocol <em>breaks</em> the child: it is killed, every pending
 * request and every wait of the event log fails with one {@link DriverException} that says what was
 * sent, what came back, the exit status and the child's stderr tail, and every later request fails at
 * once with it. A child that did not read, answer or exit in time fails with a
 * {@link DriverTimeoutException}, every later request too. A break nobody has been told about yet is
 * thrown by {@link #close()}. A {@code protocol_error} only fails its request: the child keeps serving.
 */
final class DriverChild implements ChildProcess.Output {

    /**
     * A request waiting for its reply, which the reader thread interprets as soon as it comes, so that
     * a bad reply is known before what follows it (the child's exit, say).
     */
    private record Pending(String op, String line, Function<JsonNode, ?> interpret, CompletableFuture<Object> result) {
    }

    /**
     * The requests whose reply waits the start-up timeout instead of the arrival timeout (PROTOCOL.md):
     * {@code hello}, the first request, includes the start-up of the driver's interpreter;
     * {@code create_subprocess} the start-up of the implementation's child process.
     */
    static final Set<String> STARTUP_OPS = Set.of("hello", "create_subprocess");

    /** How often a wait for a request to be written looks whether the child has taken more of it. */
    private static final long INPUT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A child that keeps reading a request has as long as it takes: no ceiling on that wait. */
    private static final Duration AS_LONG_AS_IT_MOVES = Duration.ofNanos(Long.MAX_VALUE);

    private final Timeouts timeouts;
    private final EventLog log;
    private final EventRelay relay;
    private final ChildProcess process;
    private final Map<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final Object sending = new Object();
    private final Object failing = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long lastId;
    private volatile String lastSent;
    private volatile boolean closeAnswered;
    private volatile DriverException failure;
    private volatile boolean failureReported;

    private DriverChild(List<String> command, Timeouts timeouts, EventLog log) throws IOException {
        this.timeouts = timeouts;
        this.log = log;
        this.relay = new EventRelay(log);
        this.process = ChildProcess.launch(command, this);
    }

    /**
     * Starts the child; nothing is sent yet.
     *
     * @param timeouts every request waits at most the arrival timeout, those of {@link #STARTUP_OPS} the
     *                 start-up timeout; {@link #close()} the arrival timeout for the reply, then for the exit
     * @param log      where the child's events go
     * @throws IOException when the command cannot be started
     */
    static DriverChild start(List<String> command, Timeouts timeouts, EventLog log) throws IOException {
        DriverChild child = new DriverChild(command, timeouts, log);
        child.process.startThreads();
        return child;
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @param op        the request's {@code op}
     * @param fields    its other fields
     * @param what      the request in words, for the message when it cannot be sent
     * @param interpret reads the reply ({@code type}, {@code id}, {@code ok}, {@code value} or
     *                  {@code error}), on the reader thread; its {@link ProtocolViolation} breaks the
     *                  child, its {@link DriverException} is thrown as is
     * @throws DriverException        when the child is broken, breaks, or refused the request as a protocol error
     * @throws DriverTimeoutException when the child did not read or answer the request in time, or broke
     *                                earlier that way
     */
    <T> T request(String op, ObjectNode fields, String what, Function<JsonNode, T> interpret) {
        DriverException broken = failure;
        if (broken != null) {
            failureReported = true;
            throw sameKind(broken, what + ": not sent, the driver failed earlier in this session:\n" + broken.getMessage());
        }
        if (closed.get()) {
            throw new DriverException(what + ": the session is closed");
        }
        return send(op, fields, interpret);
    }

    @SuppressWarnings("unchecked")
    private <T> T send(String op, ObjectNode fields, Function<JsonNode, T> interpret) {
        Duration timeout = timeoutOf(op);
        Patience patience = Patience.onProgress(timeout, AS_LONG_AS_IT_MOVES);
        long id;
        Pending request;
        CompletableFuture<Void> written;
        synchronized (sending) {
            id = ++lastId;
            ObjectNode message = WireCodec.NODES.objectNode().put("id", id).put("op", op);
            message.setAll(fields);
            request = new Pending(op, WireCodec.toLine(message), interpret, new CompletableFuture<>());
            pending.put(id, request);
            written = process.send(request.line());
            lastSent = request.line();
        }
        DriverException brokenMeanwhile = failure;
        if (brokenMeanwhile != null) {
            request.result().completeExceptionally(brokenMeanwhile);
        }
        try {
            awaitWritten(written, patience);
            patience = Patience.forArrival(timeout);
            return (T) await(request.result(), patience);
        } catch (TimeoutException e) {
            String reason = written.isDone() ? "did not answer within " : "stopped reading its input for ";
            throw reported(failUnresponsive(reason + timeout.toMillis() + " ms"
                    + (STARTUP_OPS.contains(op) ? " (the start-up timeout)" : "") + patience.starvationNote(),
                    request.line()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DriverException driverException) {
                throw reported(driverException);
            }
            throw reported(fail("could not be sent the request (" + e.getCause().getMessage() + ")", request.line(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("Interrupted while waiting for the driver " + process + " to answer " + request.line());
        } finally {
            pending.remove(id);
        }
    }

    /** The start-up timeout for the requests of {@link #STARTUP_OPS}, else the arrival timeout. */
    private Duration timeoutOf(String op) {
        return STARTUP_OPS.contains(op) ? timeouts.startup() : timeouts.arrival();
    }

    /**
     * Waits for a request to be written. A long request (megabytes of data to write) may take longer
     * than the timeout to go through the pipe: what must not happen is that the child stops reading it
     * for the timeout. {@code patience} is a wait on progress, told whenever the child took more input.
     *
     * @throws TimeoutException when the child has taken none of it for the timeout
     */
    private void awaitWritten(CompletableFuture<Void> written, Patience patience)
            throws InterruptedException, ExecutionException, TimeoutException {
        long seen = process.lastInputProgress();
        while (!written.isDone()) {
            long left = patience.remainingNanos();
            if (left == 0) {
                throw new TimeoutException();
            }
            try {
                written.get(Math.min(left, INPUT_POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                long progress = process.lastInputProgress();
                if (progress != seen) {
                    seen = progress;
                    patience.progressed();
                }
            }
        }
        written.get();
    }

    /**
     * The value of {@code future} once it is done, waiting as long as {@code patience} lasts (which
     * grows while the TCK is starved).
     *
     * @throws TimeoutException when patience ran out first
     */
    private static <T> T await(CompletableFuture<T> future, Patience patience)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (!future.isDone()) {
            long left = patience.remainingNanos();
            if (left == 0) {
                throw new TimeoutException();
            }
            try {
                return future.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                // patience may have grown meanwhile: look again
            }
        }
        return future.get();
    }

    /** A failure of the same kind as {@code cause} (a timeout stays a timeout), with {@code message}. */
    private static DriverException sameKind(DriverException cause, String message) {
        return cause instanceof DriverTimeoutException
                ? new DriverTimeoutException(message, cause)
                : new DriverException(message, cause);
    }

    private DriverException reported(DriverException error) {
        if (error == failure) {
            failureReported = true;
        }
        return error;
    }

    // ---- the reader thread

    @Override
    public void line(String line) {
        if (failure != null) {
            return;
        }
        try {
            dispatch(line);
        } catch (ProtocolViolation violation) {
            fail("sent a line that is not valid protocol: " + violation.getMessage(), sentLine(), line);
        } catch (RuntimeException e) {
            fail("sent a line the TCK could not handle: " + e, sentLine(), line);
        }
    }

    private void dispatch(String line) {
        JsonNode message = WireCodec.parseLine(line);
        String type = Fields.text(message, "type");
        switch (type) {
            case "reply" -> reply(message, line);
            case "event" -> {
                relay.event(message);
                log.flood().ifPresent(flood -> fail("sent more callbacks than a scenario's log keeps (" + flood
                        + "), and was stopped", sentLine(), line));
            }
            case "complete" -> relay.complete(message);
            case "protocol_error" -> protocolError(message, line);
            default -> throw new ProtocolViolation("unknown message type '" + type + "'");
        }
    }

    /** Completes the pending request with its interpreted reply. */
    private void reply(JsonNode message, String line) {
        Pending request = answered(Fields.integer(message, "id"), "a reply");
        try {
            Fields.bool(message, "ok");
            if (request.op().equals("close")) {
                closeAnswered = true;
            }
            request.result().complete(request.interpret().apply(message));
        } catch (DriverException refused) {
            request.result().completeExceptionally(refused);
        } catch (ProtocolViolation violation) {
            request.result().completeExceptionally(fail("answered with a reply that is not valid protocol: "
                    + violation.getMessage(), request.line(), line));
        }
    }

    /** The pending request {@code id}, no longer pending. */
    private Pending answered(long id, String what) {
        Pending request = pending.remove(id);
        if (request == null) {
            throw new ProtocolViolation(what + " to id " + id + ", which is no pending request");
        }
        return request;
    }

    /** Fails the request the child could not understand; all pending ones when it could not tell which. */
    private void protocolError(JsonNode message, String line) {
        JsonNode id = Fields.required(message, "id");
        String text = Fields.text(message, "message");
        List<Pending> refused;
        if (id.isNull()) {
            if (pending.isEmpty()) {
                throw new ProtocolViolation("a protocol_error with no id while no request is pending");
            }
            refused = List.copyOf(pending.values());
            pending.clear();
        } else {
            refused = List.of(answered(Fields.integerValue(id, "field 'id'"), "a protocol_error"));
        }
        for (Pending request : refused) {
            request.result().completeExceptionally(new DriverException("The driver " + process
                    + " did not understand a request: " + text + "\n  sent:     " + Lines.shown(request.line())
                    + "\n  received: " + Lines.shown(line)));
        }
    }

    /** A line past the protocol's limit breaks the child: it was not read further. */
    @Override
    public void tooLong(LineTooLongException line) {
        fail("sent a line longer than the protocol's limit of " + Lines.size(line.limit()) + " (" + line.limit()
                + " bytes), read no further (received: its first " + line.start().length() + " characters)",
                sentLine(), line.start());
    }

    @Override
    public void end(IOException error) {
        if (closeAnswered && error == null) {
            return;
        }
        process.awaitExit(ChildProcess.KILL_GRACE);
        String reason = process.isAlive() ? "closed its output" : "exited";
        fail(reason + (pending.isEmpty() ? " unexpectedly" : " before it answered"), sentLine(),
                error == null ? "(end of output)" : "(output unreadable: " + error.getMessage() + ")");
    }

    /** What the failure message shows as sent: the oldest pending request, else the last request. */
    private String sentLine() {
        var oldest = pending.values().stream().findFirst();
        if (oldest.isPresent()) {
            return oldest.get().line();
        }
        String last = lastSent;
        return last == null ? "(nothing)" : last + " (answered)";
    }

    // ---- breaking and closing

    /**
     * Breaks the child, once, for something it did ({@link #breakChild}).
     *
     * @param received the offending line, or what came instead, or null for nothing
     * @return the failure (the first one, when the child was already broken)
     */
    private DriverException fail(String reason, String sent, String received) {
        return breakChild(reason, sent, received, false);
    }

    /** Breaks the child, once, for what it did not do in time: a {@link DriverTimeoutException} ({@link #breakChild}). */
    private DriverException failUnresponsive(String reason, String sent) {
        return breakChild(reason, sent, null, true);
    }

    /**
     * Breaks the child, once: kills it, makes the failure, fails every pending request and every wait
     * of the log with it.
     *
     * @param received     the offending line, or what came instead, or null for nothing
     * @param unresponsive whether the child did not act in time (a {@link DriverTimeoutException})
     * @return the failure (the first one, when the child was already broken)
     */
    private DriverException breakChild(String reason, String sent, String received, boolean unresponsive) {
        DriverException error;
        synchronized (failing) {
            if (failure != null) {
                return failure;
            }
            process.kill();
            String message = Lines.withControlsEscaped("The driver " + process + " " + reason + ".\n"
                    + "  sent:     " + Lines.shown(sent) + "\n"
                    + "  received: " + (received == null ? "(nothing)" : Lines.shown(received)) + "\n"
                    + "  " + process.status() + "\n"
                    + "  " + process.stderrTail().replace("\n", "\n  "));
            error = unresponsive ? new DriverTimeoutException(message) : new DriverException(message);
            failure = error;
        }
        pending.values().forEach(request -> request.result().completeExceptionally(error));
        log.abortWaits(error.getMessage());
        return error;
    }

    /**
     * Sends {@code close}, waits for its reply and for the child to exit (each bounded by the arrival
     * timeout), kills the child otherwise, and the processes it started that are left, and waits
     * (bounded) for its threads to end. Idempotent.
     *
     * @throws DriverException        when the child did not close cleanly (an error, a non-zero exit
     *                                status), or broke earlier without anybody being told
     * @throws DriverTimeoutException when it did not answer {@code close} or exit in time
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> started = process.descendants();
        DriverException error = null;
        if (failure == null) {
            try {
                send("close", WireCodec.NODES.objectNode(), reply -> {
                    if (!reply.get("ok").booleanValue()) {
                        throw new DriverException("The driver " + process + " failed to close its loop: "
                                + WireCodec.error(Fields.required(reply, "error")));
                    }
                    return null;
                });
            } catch (DriverException e) {
                error = e;
            }
        }
        process.closeInput();
        Duration timeout = timeouts.arrival();
        Patience exiting = Patience.forArrival(timeout);
        if (failure == null && !awaitExit(exiting)) {
            error = first(error, reported(failUnresponsive("did not exit within " + timeout.toMillis() + " ms of close"
                    + exiting.starvationNote(), lastSent)));
        } else if (failure == null && process.exitStatus() != 0) {
            error = first(error, new DriverException("The driver " + process + " ended with exit status "
                    + process.exitStatus() + " after close.\n  " + process.stderrTail().replace("\n", "\n  ")));
        }
        process.kill(started);
        if (!process.joinThreads(timeout)) {
            error = first(error, new DriverException("The driver " + process + " ended but its output stayed open for "
                    + timeout.toMillis() + " ms (a process it started still holds it?): the TCK's reader threads are leaked"));
        }
        if (failure != null && !failureReported) {
            error = first(error, reported(failure));
        }
        if (error != null) {
            throw error;
        }
    }

    /** Waits for the child to exit as long as {@code patience} lasts; whether it exited. */
    private boolean awaitExit(Patience patience) {
        while (process.isAlive()) {
            long left = patience.remainingNanos();
            if (left == 0) {
                return false;
            }
            process.awaitExit(Duration.ofNanos(left));
        }
        return true;
    }

    private static DriverException first(DriverException error, DriverException next) {
        if (error == null) {
            return next;
        }
        if (next != error) {
            error.addSuppressed(next);
        }
        return error;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
