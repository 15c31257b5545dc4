package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.peer.PeerSocket;
import io.asynciotck.tck.peer.StreamPeer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection of the implementation under test, seen from the TCK: its id in the driver, the
 * peer socket at its other end (when the TCK's listener accepted it), what it was asked to write and
 * how much of what it received the scenario has checked.
 */
public final class ConnectionUnderTest {

    /** Filler for the peer's receive window: numbered data, shared, never modified. */
    static final byte[] FILLER = Payloads.numbered(0, 4 << 20);
    private static final int MAX_FILLS = 16;
    private static final long EMPTY_BUFFER_POLL_NANOS = 1_000_000;
    /**
     * The high-water mark used while filling, so that filling causes no flow-control callback: far above
     * what filling buffers, and within a C int (uvloop keeps limits in one).
     */
    static final long FILL_HIGH_WATER = 1L << 30;

    private final String id;
    private final DriverSession session;
    private final EventLog log;
    private final StreamPeer peer;
    private final WrittenStream written = new WrittenStream();
    private final ReceivedStream received;
    private final Map<Integer, ReceivedStream> pipeReceived = new HashMap<>();
    private long bufferMark = -1;
    private long writtenAtMark;
    private String limitsSet;
    private List<?> limits = List.of();
    private long bufferedAtAbort;

    public ConnectionUnderTest(String id, DriverSession session, EventLog log, StreamPeer peer) {
        this.id = id;
        this.session = session;
        this.log = log;
        this.peer = peer;
        this.received = ReceivedStream.dataReceived(log, id);
    }

    public String id() {
        return id;
    }

    /** The TCK's end of the stream (a socket or a pipe); fails when the connection has none. */
    public StreamPeer peer() {
        if (peer == null) {
            throw log.failure("connection " + id + " has no peer of the TCK at its other end");
        }
        return peer;
    }

    /** The TCK's socket at the other end; fails when the other end is not a socket. */
    public PeerSocket peerSocket() {
        if (!(peer() instanceof PeerSocket socket)) {
            throw log.failure("connection " + id + " has no socket of the TCK at its other end, but " + peer);
        }
        return socket;
    }

    public WrittenStream written() {
        return written;
    }

    /** One call on the transport. */
    public Outcome call(String method, Object... args) {
        return batch(Call.of(method, args)).get(0);
    }

    /** A call that must succeed; returns its value. */
    public Object require(String method, Object... args) {
        Outcome outcome = call(method, args);
        if (outcome.isError()) {
            throw log.failure(method + " on " + id + " raised " + outcome.error());
        }
        return outcome.value();
    }

    /**
     * Calls performed one after the other inside one loop callback; successful writes are recorded in
     * {@link #written()}.
     */
    public List<Outcome> batch(Call... calls) {
        List<Outcome> outcomes = session.invokeAll(id, Arrays.asList(calls));
        for (int i = 0; i < calls.length; i++) {
            if (!outcomes.get(i).isError()) {
                record(calls[i]);
            }
        }
        return outcomes;
    }

    private void record(Call call) {
        if (call.method().equals("write") && call.args().get(0) instanceof byte[] data) {
            written.wrote(data);
        } else if (call.method().equals("writelines") && call.args().get(0) instanceof Values.DataSequence seq) {
            seq.items().forEach(written::wrote);
        }
    }

    public long bufferSize() {
        return asLong(require("get_write_buffer_size"), "get_write_buffer_size");
    }

    /**
     * Fills the peer's receive window and the socket's send buffer (the peer does not read), until the
     * transport has to keep data in its own buffer, then waits until the buffer size stops changing,
     * so that from then on the buffer grows by exactly what is written.
     *
     * The high-water mark is raised first, so that filling causes no pause_writing.
     *
     * @return the buffer size reached
     */
    public long fillPeerWindow() {
        require("set_write_buffer_limits", FILL_HIGH_WATER, 0L);
        return awaitStableBufferSize(writeUntilBuffered(FILLER, MAX_FILLS));
    }

    /**
     * Writes chunks of {@code chunkSize} bytes to a peer that does not read, keeping the limits, until
     * the transport keeps some of one in its buffer: the buffer then holds at most one chunk, however
     * much the socket took before.
     *
     * @return the buffer size right after the write that was kept
     */
    public long writeChunksUntilBuffered(int chunkSize) {
        if (chunkSize <= 0 || chunkSize > FILLER.length) {
            throw new IllegalArgumentException("a chunk of 1 to " + FILLER.length + " bytes, not " + chunkSize);
        }
        long most = (long) MAX_FILLS * FILLER.length / chunkSize;
        return writeUntilBuffered(Arrays.copyOf(FILLER, chunkSize), (int) Math.min(Integer.MAX_VALUE, most));
    }

    private long writeUntilBuffered(byte[] chunk, int maxWrites) {
        long size = 0;
        for (int i = 0; i < maxWrites && size == 0; i++) {
            List<Outcome> r = batch(Call.of("write", chunk), Call.of("get_write_buffer_size"));
            if (r.get(0).isError() || r.get(1).isError()) {
                throw log.failure("filling the peer's receive window of " + id + ": write " + r.get(0)
                        + ", get_write_buffer_size " + r.get(1));
            }
            size = asLong(r.get(1).value(), "get_write_buffer_size");
        }
        if (size == 0) {
            throw log.failure("the write buffer of " + id + " stayed empty after writing " + written.written()
                    + " bytes to a peer that does not read");
        }
        return size;
    }

    /**
     * Waits until the write buffer size stops changing: two reads a quarter of the quiet period apart
     * agree. A buffer that keeps changing (draining) is progress, so only the
     * {@link io.asynciotck.tck.events.Timeouts#progressCeiling() ceiling} bounds this wait.
     *
     * @return the size it settled at
     */
    public long awaitStableBufferSize() {
        return awaitStableBufferSize(bufferSize());
    }

    private long awaitStableBufferSize(long first) {
        long interval = Math.max(1, log.timeouts().quiet().toNanos() / 4);
        Patience patience = log.timeouts().patienceOnProgress();
        long previous = -1;
        long size = first;
        while (size != previous) {
            if (patience.exhausted()) {
                throw log.timedOut(patience, "the write buffer size of " + id + " to settle (it was still changing, "
                        + "last at " + size + ")");
            }
            previous = size;
            LockSupport.parkNanos(interval);
            size = bufferSize();
            if (size != previous) {
                patience.progressed();
            }
        }
        return size;
    }

    /**
     * Waits until the write buffer size is 0, polling it; a buffer that keeps draining is progress.
     *
     * @throws io.asynciotck.tck.events.WaitTimeout when it stops changing before it is empty
     */
    public void awaitEmptyWriteBuffer() {
        Patience patience = log.timeouts().patienceOnProgress();
        long previous = -1;
        long size;
        while ((size = bufferSize()) != 0) {
            if (size != previous && previous >= 0) {
                patience.progressed();
            }
            if (patience.exhausted()) {
                throw log.timedOut(patience, "the write buffer of " + id + " to empty: its size stayed at " + size
                        + " though the peer read everything");
            }
            previous = size;
            LockSupport.parkNanos(EMPTY_BUFFER_POLL_NANOS);
        }
    }

    /** The bytes {@code data_received} delivered to this connection, as far as the steps have awaited them. */
    public ReceivedStream received() {
        return received;
    }

    /** The bytes {@code pipe_data_received} delivered for {@code fd} of this connection's child. */
    public ReceivedStream pipeReceived(int fd) {
        return pipeReceived.computeIfAbsent(fd, n -> ReceivedStream.pipeData(log, id, n));
    }

    /**
     * Waits until {@code expected.length} more bytes than already checked have been received, and
     * checks that they are {@code expected} and that nothing more came meanwhile.
     */
    public void awaitReceived(byte[] expected) {
        long from = received.checked();
        byte[] got = received.awaitNext(expected.length);
        if (!Arrays.equals(got, expected) || received.size() > received.checked()) {
            throw log.failure("expected " + id + " to receive " + Bytes.describe(expected) + " but it received "
                    + Bytes.describe(received.range(from, received.size())));
        }
    }

    /** The events of this connection with the given callback name. */
    public List<Event> events(String callback) {
        List<Event> found = new ArrayList<>();
        for (Event e : log.of(id)) {
            if (e.callback().equals(callback)) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * Checks that the call that created this connection ({@code create_connection()},
     * {@code subprocess_exec()}, {@code connect_read_pipe()}...) returned it only after its
     * {@code connection_made()} began: the driver noted the moment it returned among the recorded events
     * ({@link EventLog#noteReturned}), and {@code connection_made} must be one of the events before it.
     */
    public void assertReturnedAfterConnectionMade() {
        Event made = await("connection_made");
        long before = log.eventsBeforeReturn(id).orElseThrow(() -> log.failure(
                "the driver noted no return of the call that created " + id));
        if (made.seq() > before) {
            throw log.failure("the call that created " + id + " returned it before its connection_made was called: "
                    + (before == 0 ? "before any callback" : "after callback #" + before) + ", while connection_made is #"
                    + made.seq());
        }
    }

    /**
     * Checks rule TR-4 (stance S-25): the call that created this connection returned, with its protocol,
     * the transport that the protocol's {@code connection_made} received. Asked through the driver's own
     * call {@code returned_pair} once both have happened.
     */
    public void assertReturnedTheMadeTransport() {
        await("connection_made");
        log.eventsBeforeReturn(id).orElseThrow(() -> log.failure(
                "the driver noted no return of the call that created " + id));
        Outcome pair = session.invoke(id, Call.of("returned_pair"));
        if (pair.isError() || !(pair.value() instanceof String answer)) {
            throw log.failure("returned_pair on " + id + " answered " + pair
                    + ": the driver must answer \"same\" or \"other\" once the call returned and connection_made was called");
        }
        if (!answer.equals("same")) {
            throw log.failure("the call that created " + id + " returned a transport other than the one its"
                    + " connection_made received (returned_pair: " + answer + ")");
        }
    }

    /**
     * Checks that {@code later} (awaited) began only after the first {@code earlier} of this connection had
     * returned: not inside a call that {@code earlier} made on its transport, nor while it ran on another
     * thread. The drivers record when each callback returns ({@link EventLog#eventsWhenReturned}).
     */
    public void assertBeganAfterReturnOf(String later, String earlier) {
        Event first = await(earlier);
        Event next = await(later);
        java.util.OptionalLong returned = log.eventsWhenReturned(first.seq());
        if (returned.isEmpty() || returned.getAsLong() >= next.seq()) {
            throw log.failure(later + " #" + next.seq() + " on " + id + " began before " + earlier + " #" + first.seq()
                    + " returned" + (returned.isEmpty() ? " (it has not returned yet)"
                    : " (it returned after callback #" + returned.getAsLong() + ")"));
        }
    }

    /** Waits for {@code callback} on this connection. */
    public Event await(String callback) {
        return log.awaitCallback(id, callback);
    }

    /** The buffer size B that water marks given as "B+n" are relative to. */
    public long bufferMark() {
        if (bufferMark < 0) {
            throw log.failure("no buffer size was read before this step");
        }
        return bufferMark;
    }

    /** Sets B, the buffer size that water marks given as "B+n" are relative to, read right now. */
    public void setBufferMark(long size) {
        setBufferMark(size, written.written());
    }

    /** Sets B, read when {@code writtenBefore} bytes had been written (in a batch that went on writing). */
    public void setBufferMark(long size, long writtenBefore) {
        this.bufferMark = size;
        this.writtenAtMark = writtenBefore;
    }

    /** Remembers the limits as the scenario set them ({@code high B+100, low B}), for the failure messages. */
    public void setLimitsSet(String description) {
        this.limitsSet = description;
    }

    /**
     * What decides a flow-control rule on this connection, for a failure message: B, the limits set and
     * read back, what was written since B, the buffer size now and at every flow-control callback, each
     * also relative to B, and how far the buffer is from what was written: a transport that counts more
     * than the application's bytes (stance S-24) shows there.
     */
    public String describeFlowControl() {
        StringBuilder text = new StringBuilder("What decides the flow-control rules on ").append(id).append(':');
        if (bufferMark < 0) {
            return text.append(" no buffer size B was read").toString();
        }
        long sinceMark = written.written() - writtenAtMark;
        text.append("\n  B, the write buffer size read before the limits were set: ").append(bufferMark);
        if (limitsSet != null) {
            text.append("\n  the limits set: ").append(limitsSet);
        }
        if (!limits.isEmpty()) {
            text.append("; get_write_buffer_limits() then: (low, high) = ").append(limits);
        }
        text.append("\n  written since B was read: ").append(sinceMark).append(" bytes, so until data leaves it the buffer is at most B+")
                .append(sinceMark).append(" = ").append(bufferMark + sinceMark);
        try {
            long now = bufferSize();
            text.append("\n  get_write_buffer_size() now: ").append(relative(now));
            if (now > bufferMark + sinceMark) {
                text.append(": ").append(now - bufferMark - sinceMark).append(" bytes more than were written since B")
                        .append(" (the buffer must count the application's bytes only, stance S-24)");
            }
        } catch (RuntimeException | AssertionError unavailable) {
            text.append("\n  get_write_buffer_size() now: could not be read (").append(firstLine(unavailable.getMessage())).append(')');
        }
        for (Event e : log.of(id)) {
            if (e.callback().equals("pause_writing") || e.callback().equals("resume_writing")) {
                Object size = e.probes().get("get_write_buffer_size()");
                text.append("\n  #").append(e.seq()).append(' ').append(e.callback()).append(" saw ")
                        .append(size instanceof Number n ? relative(n.longValue()) : "no buffer size");
            }
        }
        return text.toString();
    }

    private String relative(long size) {
        long delta = size - bufferMark;
        return size + " (B" + (delta >= 0 ? "+" : "") + delta + ")";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The buffer size read right before abort(). */
    public long bufferedAtAbort() {
        return bufferedAtAbort;
    }

    public void setBufferedAtAbort(long size) {
        this.bufferedAtAbort = size;
    }

    /** The limits read right after the last set_write_buffer_limits: {@code [low, high]}. */
    public List<?> limits() {
        return limits;
    }

    public void setLimits(List<?> lowHigh) {
        this.limits = lowHigh;
    }

    private long asLong(Object value, String what) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw log.failure(what + " on " + id + " returned " + Call.describe(value) + ", not a number");
    }
}
