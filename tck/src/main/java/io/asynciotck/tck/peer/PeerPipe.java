package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.WaitTimeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The TCK's end of a pipe whose other end the implementation has: the write end for
 * {@code connect_read_pipe} ({@link #writing}), the read end for {@code connect_write_pipe}
 * ({@link #reading}). A pipe goes one way; the operations of the other way fail, saying so.
 *
 * <p>Pipe reads and writes cannot be given a timeout, so each runs on a short-lived daemon thread
 * ({@code peer-pipe-io}) and the caller waits within a {@link Patience}: on progress for reads of many
 * bytes and for writes, for arrival for one read, the fixed quiet period for
 * {@link #assertNoDataOrEofWithinQuietPeriod()}. A write that times out closes the
 * pipe (which ends it). A read that does not complete in time stays outstanding: its bytes are the
 * next ones returned. So the peer never reads ahead of what a step asks for, apart from that one
 * outstanding read of at most {@value #CHUNK} bytes, and a peer that stops asking lets the pipe fill.
 *
 * <p>Used from the scenario's thread; {@link #close()} ends an outstanding read or write.
 */
public final class PeerPipe implements StreamPeer {

    static final int CHUNK = 64 * 1024;

    private final WritableByteChannel out;
    private final ReadableByteChannel in;
    private final Channel channel;
    private final EventLog log;
    private FutureTask<byte[]> outstandingRead;
    private Thread io;
    private long totalRead;
    private long totalWritten;

    private PeerPipe(WritableByteChannel out, ReadableByteChannel in, EventLog log) {
        this.out = out;
        this.in = in;
        this.channel = out != null ? out : in;
        this.log = log;
    }

    /** The write end of a pipe the implementation reads; blocking, closeable from another thread. */
    public static PeerPipe writing(WritableByteChannel end, EventLog log) {
        return new PeerPipe(end, null, log);
    }

    /** The read end of a pipe the implementation writes; blocking, closeable from another thread. */
    public static PeerPipe reading(ReadableByteChannel end, EventLog log) {
        return new PeerPipe(null, end, log);
    }

    /**
     * Writes all of {@code data}, {@value BoundedWrite#CHUNK} bytes at a time, waiting on progress. When the
     * pipe takes no chunk within the arrival timeout (the implementation does not read and the pipe is
     * full), the pipe is closed and the send fails.
     */
    @Override
    public void send(byte[] data) {
        requireDirection(out, "write " + Bytes.describe(data));
        if (!out.isOpen()) {
            throw fail("cannot write " + Bytes.describe(data) + ": its end of the pipe is closed", null);
        }
        new BoundedWrite("peer-pipe-io", this::close, this::fail, this::timedOut, "write", "its end of the pipe")
                .run((chunk, offset, length) -> {
                    ByteBuffer buffer = ByteBuffer.wrap(chunk, offset, length);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }, data, log.timeouts().patienceOnProgress());
        totalWritten += data.length;
    }

    /** Closing the write end is how a pipe ends its stream. */
    @Override
    public void shutdownOutput() {
        requireDirection(out, "end its output");
        close();
    }

    @Override
    public byte[] readExactly(int n) {
        requireDirection(in, "read " + n + " bytes");
        Patience patience = log.timeouts().patienceOnProgress();
        ByteArrayOutputStream got = new ByteArrayOutputStream(n);
        while (got.size() < n) {
            byte[] chunk = nextRead(Math.min(CHUNK, n - got.size()), patience);
            if (chunk == null) {
                throw timedOut(patience, "to receive " + n + " bytes; " + got.size() + " came so far: "
                        + Bytes.describe(got.toByteArray()));
            }
            if (chunk.length == 0) {
                throw fail("expected " + n + " bytes, got the end of the stream after " + got.size() + ": "
                        + Bytes.describe(got.toByteArray()), null);
            }
            got.writeBytes(chunk);
            patience.progressed();
        }
        return got.toByteArray();
    }

    /** Reads until the end of the stream: every write end of the pipe closed. */
    @Override
    public byte[] readUntilEof() {
        requireDirection(in, "read until the end of the stream");
        Patience patience = log.timeouts().patienceOnProgress();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            byte[] chunk = nextRead(CHUNK, patience);
            if (chunk == null) {
                throw timedOut(patience, "to receive the end of the stream; " + all.size() + " bytes came and no end");
            }
            if (chunk.length == 0) {
                return all.toByteArray();
            }
            all.writeBytes(chunk);
            patience.progressed();
        }
    }

    /** A pipe has no reset: its end of stream is the only end. */
    @Override
    public byte[] readUntilEofOrReset() {
        return readUntilEof();
    }

    @Override
    public byte[] readAtMost(int n) {
        requireDirection(in, "read");
        Patience patience = log.timeouts().patienceForArrival();
        byte[] chunk = nextRead(Math.min(CHUNK, n), patience);
        if (chunk == null) {
            throw timedOut(patience, "to receive data; nothing came");
        }
        return chunk;
    }

    @Override
    public void assertNoDataOrEofWithinQuietPeriod() {
        requireDirection(in, "watch for data");
        long millis = log.timeouts().quiet().toMillis();
        byte[] chunk = nextReadWithin(CHUNK, TimeUnit.MILLISECONDS.toNanos(millis));
        if (chunk != null) {
            throw fail("expected neither data nor the end of the stream within " + millis + " ms, got "
                    + (chunk.length == 0 ? "the end of the stream" : Bytes.describe(chunk)), null);
        }
    }

    @Override
    public void reset() {
        throw fail("cannot be reset: a pipe has no reset", null);
    }

    @Override
    public long totalRead() {
        return totalRead;
    }

    @Override
    public long totalWritten() {
        return totalWritten;
    }

    /** Closes the TCK's end (for a read end, a write to the pipe then fails with EPIPE). */
    @Override
    public void close() {
        PeerSocket.closeQuietly(channel);
        join(log.timeouts().arrival().toMillis());
    }

    /**
     * The result of one read of at most {@code max} bytes (the outstanding one, if any), waiting within
     * {@code patience}: the bytes, empty at the end of the stream, or null when patience ran out first
     * (the read stays outstanding).
     */
    private byte[] nextRead(int max, Patience patience) {
        while (true) {
            long left = patience.remainingNanos();
            if (left <= 0) {
                return null;
            }
            byte[] chunk = nextReadWithin(max, left);
            if (chunk != null) {
                return chunk;
            }
        }
    }

    /** {@link #nextRead}, waiting at most {@code nanos}. */
    private byte[] nextReadWithin(int max, long nanos) {
        if (outstandingRead == null) {
            if (!in.isOpen()) {
                throw fail("cannot read: its end of the pipe is closed", null);
            }
            outstandingRead = start(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(max);
                int read = in.read(buffer);
                return read < 0 ? new byte[0] : Arrays.copyOf(buffer.array(), read);
            });
        }
        try {
            byte[] chunk = outstandingRead.get(nanos, TimeUnit.NANOSECONDS);
            outstandingRead = null;
            totalRead += chunk.length;
            return chunk;
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            outstandingRead = null;
            throw fail("could not read: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while reading", e);
        }
    }

    private FutureTask<byte[]> start(Callable<byte[]> work) {
        FutureTask<byte[]> task = new FutureTask<>(work);
        io = new Thread(task, "peer-pipe-io");
        io.setDaemon(true);
        io.start();
        return task;
    }

    /** Waits for the I/O thread, which has finished or whose channel was closed under it. */
    private void join(long millis) {
        if (io != null) {
            try {
                io.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void requireDirection(Channel end, String what) {
        if (end == null) {
            throw fail("cannot " + what + ": the implementation " + (out == null ? "writes" : "reads")
                    + " this pipe, the TCK " + (out == null ? "reads" : "writes") + " it", null);
        }
    }

    /** The failure of a wait of this end: {@code what} follows its name ("to receive 5 bytes; ..."). */
    private WaitTimeout timedOut(Patience patience, String what) {
        return log.timedOut(patience, "the TCK's " + (out != null ? "write" : "read") + " end of the pipe " + what);
    }

    private AssertionError fail(String problem, Throwable cause) {
        AssertionError failure = log.failure("The TCK's " + (out != null ? "write" : "read") + " end of the pipe "
                + problem);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }
}
