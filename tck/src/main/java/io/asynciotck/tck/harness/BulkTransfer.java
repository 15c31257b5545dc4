package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.peer.StreamPeer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A large transfer in one direction with flow control engaged on purpose, checked by SHA-256 of
 * numbered data ({@link Payloads#numbered}).
 *
 * <ul>
 *   <li>{@link #toPeer}: the transport writes; whenever its protocol is paused the TCK waits for
 *       {@code resume_writing} before the next write. The peer reads in bursts and stops after each
 *       one until the transport's protocol is paused, so that flow control is engaged at every stop.</li>
 *   <li>{@link #fromPeer}: the peer sends; after each burst the TCK pauses the transport's reading,
 *       waits until no callback comes for the quiet period, checks that no data_received came
 *       meanwhile, and resumes reading. A stop counts when the peer still had data it could not send:
 *       the buffers in between were full. How much they hold is the kernel's (a loopback receive
 *       buffer grows to {@code tcp_rmem}'s maximum, 32 MB on some machines), so the last stops before
 *       the end may find the peer done, which is no failure.</li>
 * </ul>
 * Bursts stop two bursts before the end.
 * Every wait is bounded by the arrival timeout; the peer's side runs on a daemon thread
 * {@code bulk-peer} that has ended when the call returns.
 */
public final class BulkTransfer {

    /** Bytes per write() of the transport and per send of the peer. */
    static final int CHUNK = 256 * 1024;

    private final ConnectionUnderTest connection;
    private final DriverSession session;
    private final EventLog log;
    private final long burst;

    /**
     * @param burst bytes between two stops of the reader; far more than the buffers between the two
     *              ends can hold
     */
    public BulkTransfer(ConnectionUnderTest connection, DriverSession session, EventLog log, long burst) {
        this.connection = connection;
        this.session = session;
        this.log = log;
        this.burst = burst;
    }

    /** What a transfer showed. */
    public record Result(String sentDigest, String receivedDigest, long bytes, long pauses, long resumes, int stops) {
        public boolean intact() {
            return sentDigest.equals(receivedDigest);
        }
    }

    /** The transport writes {@code total} bytes to the peer, which reads them in bursts. */
    public Result toPeer(long total) {
        StreamPeer peer = connection.peer();
        String id = connection.id();
        MessageDigest sent = sha256();
        FutureTask<Object[]> reader = new FutureTask<>(() -> {
            MessageDigest received = sha256();
            long read = 0;
            long nextStop = burst;
            int stops = 0;
            while (read < total) {
                byte[] data = peer.readAtMost((int) Math.min(CHUNK, total - read));
                if (data.length == 0) {
                    throw log.failure("the peer got the end of the stream after " + read + " of " + total + " bytes");
                }
                received.update(data);
                read += data.length;
                if (read >= nextStop && total - read > 2 * burst) {
                    log.awaitState("the protocol of " + id + " paused (pause_writing without its resume_writing) while "
                                    + "the peer stopped reading after " + read + " bytes",
                            all -> count(all, id, "pause_writing") > count(all, id, "resume_writing"));
                    stops++;
                    nextStop = read + burst;
                }
            }
            return new Object[] {HexFormat.of().formatHex(received.digest()), stops};
        });
        Thread peerThread = start(reader);
        long offset = 0;
        try {
            while (offset < total) {
                List<Event> now = log.snapshot();
                long pauses = count(now, id, "pause_writing");
                if (pauses > count(now, id, "resume_writing")) {
                    log.awaitState("resume_writing on " + id + " after pause_writing number " + pauses,
                            all -> count(all, id, "resume_writing") >= pauses);
                }
                byte[] chunk = Payloads.numbered(offset, (int) Math.min(CHUNK, total - offset));
                Outcome outcome = session.invoke(id, Call.of("write", chunk));
                if (outcome.isError()) {
                    throw log.failure("write() of " + chunk.length + " bytes at offset " + offset + " raised " + outcome.error());
                }
                sent.update(chunk);
                offset += chunk.length;
            }
            Object[] got = join(reader, peerThread, "the peer's reading of " + total + " bytes");
            List<Event> all = log.snapshot();
            return new Result(HexFormat.of().formatHex(sent.digest()), (String) got[0], total,
                    count(all, id, "pause_writing"), count(all, id, "resume_writing"), (Integer) got[1]);
        } finally {
            peerThread.interrupt();
        }
    }

    /** The peer sends {@code total} bytes; the transport's reading is paused after each burst. */
    public Result fromPeer(long total) {
        StreamPeer peer = connection.peer();
        String id = connection.id();
        FutureTask<Object[]> sender = new FutureTask<>(() -> {
            MessageDigest sent = sha256();
            for (long offset = 0; offset < total; offset += CHUNK) {
                byte[] chunk = Payloads.numbered(offset, (int) Math.min(CHUNK, total - offset));
                peer.send(chunk);
                sent.update(chunk);
            }
            return new Object[] {HexFormat.of().formatHex(sent.digest())};
        });
        Thread peerThread = start(sender);
        Received received = new Received(id);
        int stops = 0;
        try {
            long next = Math.min(burst, total);
            while (received.bytes < total) {
                long target = next;
                log.awaitState(target + " bytes in data_received on " + id + " (" + total + " sent in all)",
                        all -> received.update(all) >= target);
                if (total - received.bytes > 2 * burst) {
                    requireOk(session.invoke(id, Call.of("pause_reading")), "pause_reading");
                    // the data may have run on since the target was reached: judge from where the pause came
                    long atPause = received.update(log.snapshot());
                    log.awaitSilence();
                    long whilePaused = received.update(log.snapshot()) - atPause;
                    if (whilePaused > 0) {
                        throw log.failure("data_received delivered " + whilePaused + " bytes while reading was paused "
                                + "after " + atPause + " of " + total);
                    }
                    if (!sender.isDone()) {
                        stops++; // the peer had more to send than the buffers in between could hold
                    } else {
                        rethrowFailure(sender, "the peer's sending of " + total + " bytes");
                    }
                    requireOk(session.invoke(id, Call.of("resume_reading")), "resume_reading");
                }
                next = Math.min(received.bytes + burst, total);
            }
            Object[] got = join(sender, peerThread, "the peer's sending of " + total + " bytes");
            return new Result((String) got[0], HexFormat.of().formatHex(received.digest.digest()), total, 0, 0, stops);
        } finally {
            peerThread.interrupt();
        }
    }

    /** The data_received bytes so far, counted and digested once each, in order. */
    private static final class Received {
        private final String id;
        private final MessageDigest digest = sha256();
        private int cursor;
        private long bytes;

        Received(String id) {
            this.id = id;
        }

        synchronized long update(List<Event> all) {
            for (; cursor < all.size(); cursor++) {
                Event e = all.get(cursor);
                if (e.is(id, "data_received") && e.arg(0) instanceof byte[] data) {
                    digest.update(data);
                    bytes += data.length;
                }
            }
            return bytes;
        }
    }

    /** Throws the failure of a task that is done, if it failed. */
    private void rethrowFailure(FutureTask<?> task, String what) {
        try {
            task.get(0, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(what, e);
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException(what + " is not done", e);
        }
    }

    private void requireOk(Outcome outcome, String call) {
        if (outcome.isError()) {
            throw log.failure(call + "() on " + connection.id() + " raised " + outcome.error());
        }
    }

    private static long count(List<Event> events, String id, String callback) {
        return events.stream().filter(e -> e.is(id, callback)).count();
    }

    private static Thread start(FutureTask<?> task) {
        Thread thread = new Thread(task, "bulk-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Object[] join(FutureTask<Object[]> task, Thread thread, String what) {
        try {
            Object[] value = task.get(log.timeouts().arrival().toMillis(), TimeUnit.MILLISECONDS);
            thread.join(log.timeouts().arrival().toMillis());
            return value;
        } catch (TimeoutException e) {
            throw log.failure(what + " did not finish within " + log.timeouts().arrival().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failed(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw log.failure("interrupted while waiting for " + what);
        }
    }

    /** The failure of the peer's side: its own assertion, or one that names its exception. */
    private AssertionError failed(String what, ExecutionException e) {
        if (e.getCause() instanceof AssertionError failure) {
            return failure;
        }
        AssertionError failure = log.failure(what + " failed: " + e.getCause());
        failure.initCause(e.getCause());
        return failure;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
