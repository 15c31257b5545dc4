package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.Tally;
import io.asynciotck.tck.peer.StreamPeer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

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
 * The waits of a transfer are waits on progress ({@link Patience#onProgress}): for data_received bytes,
 * for the resume_writing that the peer's reads bring about, for the pause_writing that the transport's
 * writes bring about, for the peer's side to finish; a transfer that keeps moving is never failed for
 * lasting long, only one that stops for the arrival timeout. Once the peer has read everything, the
 * resume_writing of a last pause must come within the arrival timeout: the counts of the result are
 * then complete, even from a driver whose events come after the data. The peer's side runs on a daemon
 * thread {@code bulk-peer} that has ended when the call returns.
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

    /**
     * What a transfer showed.
     *
     * @param firstMismatch the stream offset of the first byte received that is not the numbered data sent
     *                      there, or -1 when every byte is
     */
    public record Result(String sentDigest, String receivedDigest, long bytes, long pauses, long resumes, int stops,
                         long firstMismatch) {
        public boolean intact() {
            return sentDigest.equals(receivedDigest) && firstMismatch < 0;
        }

        /** How the received bytes differ from those sent, in words. */
        public String difference() {
            return "the SHA-256 of the " + bytes + " bytes received is " + receivedDigest + ", of those sent " + sentDigest
                    + (firstMismatch < 0 ? "" : "; the first byte that differs is at stream offset " + firstMismatch);
        }
    }

    /** The transport writes {@code total} bytes to the peer, which reads them in bursts. */
    public Result toPeer(long total) {
        StreamPeer peer = connection.peer();
        String id = connection.id();
        MessageDigest sent = sha256();
        ProgressRelay peerReads = new ProgressRelay();
        ProgressRelay transportWrites = new ProgressRelay();
        FutureTask<Object[]> reader = new FutureTask<>(() -> {
            FlowControlCalls flow = new FlowControlCalls(id);
            MessageDigest received = sha256();
            long read = 0;
            long nextStop = burst;
            int stops = 0;
            long firstMismatch = -1;
            while (read < total) {
                byte[] data = peer.readAtMost((int) Math.min(CHUNK, total - read));
                if (data.length == 0) {
                    throw log.failure("the peer got the end of the stream after " + read + " of " + total + " bytes");
                }
                received.update(data);
                if (firstMismatch < 0) {
                    firstMismatch = Payloads.firstMismatch(read, data);
                }
                read += data.length;
                peerReads.moved();
                if (read >= nextStop && total - read > 2 * burst) {
                    log.awaitTally("the protocol of " + id + " paused (pause_writing without its resume_writing) while "
                                    + "the peer stopped reading after " + read + " bytes",
                            transportWrites.begin(log.timeouts().patienceOnProgress()), flow, FlowControlCalls::paused);
                    stops++;
                    nextStop = read + burst;
                }
            }
            return new Object[] {HexFormat.of().formatHex(received.digest()), stops, firstMismatch};
        });
        Thread peerThread = start(reader);
        FlowControlCalls flow = new FlowControlCalls(id);
        long offset = 0;
        try {
            while (offset < total) {
                awaitResumeIfPaused(flow, () -> peerReads.begin(log.timeouts().patienceOnProgress()), "");
                byte[] chunk = Payloads.numbered(offset, (int) Math.min(CHUNK, total - offset));
                Outcome outcome = session.invoke(id, Call.of("write", chunk));
                if (outcome.isError()) {
                    throw log.failure("write() of " + chunk.length + " bytes at offset " + offset + " raised " + outcome.error());
                }
                sent.update(chunk);
                offset += chunk.length;
                transportWrites.moved();
            }
            Object[] got = join(reader, peerThread, "the peer's reading of " + total + " bytes", peerReads);
            // the peer read everything, so the buffer is empty: the last pause's resume_writing must come
            awaitResumeIfPaused(flow, log.timeouts()::patienceForArrival, ", now that the peer read everything");
            return new Result(HexFormat.of().formatHex(sent.digest()), (String) got[0], total, flow.pauses, flow.resumes,
                    (Integer) got[1], (Long) got[2]);
        } finally {
            peerThread.interrupt();
        }
    }

    /** When the protocol is paused as far as the log tells now, waits for the resume_writing of that pause. */
    private void awaitResumeIfPaused(FlowControlCalls flow, Supplier<Patience> patience, String context) {
        log.catchUp(flow);
        if (flow.paused()) {
            long pauses = flow.pauses;
            log.awaitTally("resume_writing on " + flow.id + " after pause_writing number " + pauses + context,
                    patience.get(), flow, f -> f.resumes >= pauses);
        }
    }

    /** The peer sends {@code total} bytes; the transport's reading is paused after each burst. */
    public Result fromPeer(long total) {
        StreamPeer peer = connection.peer();
        String id = connection.id();
        ProgressRelay peerSends = new ProgressRelay();
        FutureTask<Object[]> sender = new FutureTask<>(() -> {
            MessageDigest sent = sha256();
            for (long offset = 0; offset < total; offset += CHUNK) {
                byte[] chunk = Payloads.numbered(offset, (int) Math.min(CHUNK, total - offset));
                peer.send(chunk);
                sent.update(chunk);
                peerSends.moved();
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
                log.awaitTally(target + " bytes in data_received on " + id + " (" + total + " sent in all)",
                        log.timeouts().patienceOnProgress(), received, r -> r.bytes >= target);
                if (total - received.bytes > 2 * burst) {
                    requireOk(session.invoke(id, Call.of("pause_reading")), "pause_reading");
                    // the data may have run on since the target was reached: judge from where the pause came
                    long atPause = log.catchUp(received).bytes;
                    log.awaitSilence();
                    long whilePaused = log.catchUp(received).bytes - atPause;
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
            Object[] got = join(sender, peerThread, "the peer's sending of " + total + " bytes", peerSends);
            return new Result((String) got[0], HexFormat.of().formatHex(received.digest.digest()), total, 0, 0, stops,
                    received.firstMismatch);
        } finally {
            peerThread.interrupt();
        }
    }

    /** The pause_writing and resume_writing calls on one connection. */
    private static final class FlowControlCalls extends Tally {
        private final String id;
        private long pauses;
        private long resumes;

        FlowControlCalls(String id) {
            this.id = id;
        }

        boolean paused() {
            return pauses > resumes;
        }

        @Override
        protected boolean take(Event e) {
            if (e.is(id, "pause_writing")) {
                pauses++;
                return true;
            }
            if (e.is(id, "resume_writing")) {
                resumes++;
                return true;
            }
            return false;
        }
    }

    /** The data_received bytes so far, counted and digested once each, in order. */
    private static final class Received extends Tally {
        private final String id;
        private final MessageDigest digest = sha256();
        private long bytes;
        private long firstMismatch = -1;

        Received(String id) {
            this.id = id;
        }

        @Override
        protected boolean take(Event e) {
            if (e.is(id, "data_received") && e.arg(0) instanceof byte[] data && data.length > 0) {
                digest.update(data);
                if (firstMismatch < 0) {
                    firstMismatch = Payloads.firstMismatch(bytes, data);
                }
                bytes += data.length;
                return true;
            }
            return false;
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

    private static Thread start(FutureTask<?> task) {
        Thread thread = new Thread(task, "bulk-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits for the peer's side to finish, on progress: {@code moves} relays the peer's reads or sends, so
     * that a peer that keeps moving is waited for, and one that stops for the timeout fails.
     */
    private Object[] join(FutureTask<Object[]> task, Thread thread, String what, ProgressRelay moves) {
        Patience patience = moves.begin(log.timeouts().patienceOnProgress());
        try {
            while (true) {
                try {
                    Object[] value = task.get(patience.remainingNanos(), TimeUnit.NANOSECONDS);
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(patience.remainingNanos())));
                    return value;
                } catch (TimeoutException e) {
                    if (patience.exhausted()) {
                        throw log.timedOut(patience, what + " to finish");
                    }
                }
            }
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
