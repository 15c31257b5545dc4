package io.asynciotck.tck.harness;

import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Tally;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bytes one kind of callback delivered, in order: {@code data_received} on a connection, or
 * {@code pipe_data_received} for one fd of a child. A {@link Tally} of the log, so that waiting for more
 * bytes costs O(new events); it keeps the callbacks' own arrays (no copy), and how many bytes a step
 * has checked so far. Waits for bytes are waits {@link io.asynciotck.tck.events.Patience#onProgress on
 * progress}: a stream that keeps delivering is never failed for being slow, only one that stops.
 */
public final class ReceivedStream extends Tally {

    private final EventLog log;
    private final String description;
    private final Function<Event, byte[]> data;
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;
    private long lineEnds;
    private long checked;

    /**
     * @param description what delivers the bytes, for messages: "data_received on c1"
     * @param data        the bytes an event delivers to this stream, or null for other events
     */
    ReceivedStream(EventLog log, String description, Function<Event, byte[]> data) {
        this.log = log;
        this.description = description;
        this.data = data;
    }

    /** The bytes of {@code data_received(data)} on {@code id}. */
    public static ReceivedStream dataReceived(EventLog log, String id) {
        return new ReceivedStream(log, "data_received on " + id,
                e -> e.is(id, "data_received") && e.arg(0) instanceof byte[] bytes ? bytes : null);
    }

    /** The bytes of {@code pipe_data_received(fd, data)} on {@code id}, for one fd. */
    public static ReceivedStream pipeData(EventLog log, String id, int fd) {
        return new ReceivedStream(log, "pipe_data_received(" + fd + ", ...) on " + id,
                e -> e.is(id, "pipe_data_received") && e.arg(0) instanceof Number n && n.intValue() == fd
                        && e.arg(1) instanceof byte[] bytes ? bytes : null);
    }

    @Override
    protected boolean take(Event event) {
        byte[] bytes = data.apply(event);
        if (bytes == null || bytes.length == 0) {
            return false;
        }
        chunks.add(bytes);
        size += bytes.length;
        for (byte b : bytes) {
            if (b == '\n') {
                lineEnds++;
            }
        }
        return true;
    }

    /** Takes in what the log recorded since the last look, without waiting. */
    public ReceivedStream catchUp() {
        return log.catchUp(this);
    }

    /** Waits until at least {@code total} bytes came in all. */
    public ReceivedStream awaitSize(long total) {
        return log.awaitTally(total + " bytes in all in " + description,
                log.timeouts().patienceOnProgress(), this, s -> s.size >= total);
    }

    /** Waits until the bytes that came contain a line end. */
    public ReceivedStream awaitLineEnd() {
        return log.awaitTally("a line in " + description, log.timeouts().patienceOnProgress(), this,
                s -> s.lineEnds > 0);
    }

    /**
     * Waits for the next {@code count} bytes after those checked so far, and counts them as checked.
     *
     * @return those bytes
     */
    public byte[] awaitNext(int count) {
        long from = checked;
        awaitSize(from + count);
        checked = from + count;
        return range(from, checked);
    }

    /** How many bytes came so far, as far as this stream has looked ({@link #catchUp}). */
    public long size() {
        return size;
    }

    /** How many bytes, from the start, the steps have checked ({@link #awaitNext}). */
    public long checked() {
        return checked;
    }

    /** Every byte that came so far, as far as this stream has looked. */
    public byte[] all() {
        return range(0, size);
    }

    /** The bytes from position {@code from} (inclusive) to {@code to} (exclusive). */
    public byte[] range(long from, long to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("bytes " + from + " to " + to + " of " + size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (to - from));
        long start = 0;
        for (byte[] chunk : chunks) {
            long end = start + chunk.length;
            if (end > from && start < to) {
                int offset = (int) Math.max(0, from - start);
                out.write(chunk, offset, (int) (Math.min(end, to) - start) - offset);
            }
            start = end;
        }
        return out.toByteArray();
    }
}
