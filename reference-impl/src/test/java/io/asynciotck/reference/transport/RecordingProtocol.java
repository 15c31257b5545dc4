package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records every callback (and checks the protocol state machine and the loop thread as it goes);
 * subclasses add behaviour by overriding the {@code on*} hooks.
 */
class RecordingProtocol implements Protocol<StreamTransport> {

    private final List<String> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    final CompletableFuture<StreamTransport> made = new CompletableFuture<>();
    final CompletableFuture<Void> eof = new CompletableFuture<>();
    /** Completes with connectionLost's argument (null for a clean close). */
    final CompletableFuture<Exception> lost = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    StreamTransport transport;

    @Override
    public final void connectionMade(StreamTransport transport) {
        record("made", !made.isDone());
        this.transport = transport;
        made.complete(transport);
        onMade(transport);
    }

    @Override
    public final void dataReceived(byte[] data) {
        record("data", made.isDone() && !eof.isDone() && !lost.isDone() && data.length > 0);
        synchronized (received) {
            received.writeBytes(data);
            received.notifyAll();
        }
        onData(data);
    }

    @Override
    public final boolean eofReceived() {
        record("eof", made.isDone() && !eof.isDone() && !lost.isDone());
        eof.complete(null);
        return onEof();
    }

    @Override
    public final void pauseWriting() {
        record("pause", made.isDone() && !lost.isDone());
        onPause();
    }

    @Override
    public final void resumeWriting() {
        record("resume", made.isDone() && !lost.isDone());
    }

    @Override
    public final void connectionLost(Exception exc) {
        record("lost", made.isDone() && !lost.isDone());
        lost.complete(exc);
    }

    void onMade(StreamTransport transport) {
    }

    void onData(byte[] data) {
    }

    boolean onEof() {
        return false;
    }

    void onPause() {
    }

    /** Waits until at least {@code count} bytes were received; returns all received so far. */
    byte[] awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopRunner.TIMEOUT_SECONDS);
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("received %d of %d bytes in time", received.size(), count).isPositive();
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return received.toByteArray();
        }
    }

    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The events, with consecutive repeats collapsed ("data" x N becomes one "data"). */
    synchronized List<String> distinctEvents() {
        List<String> distinct = new ArrayList<>();
        for (String event : events) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(event)) {
                distinct.add(event);
            }
        }
        return distinct;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private synchronized void record(String event, boolean allowed) {
        events.add(event);
        if (!allowed) {
            violations.add(event + " out of order after " + events);
        }
        if (!Thread.currentThread().getName().equals(LoopRunner.THREAD_NAME)) {
            violations.add(event + " on thread " + Thread.currentThread().getName());
        }
    }
}
