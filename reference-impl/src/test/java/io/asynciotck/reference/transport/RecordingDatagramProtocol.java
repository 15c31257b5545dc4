package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records every datagram-protocol callback (and checks the state machine and the loop thread as it
 * goes); subclasses add behaviour by overriding the {@code on*} hooks.
 */
class RecordingDatagramProtocol implements DatagramProtocol {

    /** One {@code datagramReceived} call. */
    record Datagram(byte[] data, SocketAddress addr) {
    }

    private final List<String> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    final CompletableFuture<DatagramTransport> made = new CompletableFuture<>();
    /** Completes with connectionLost's argument (null for a clean close). */
    final CompletableFuture<Exception> lost = new CompletableFuture<>();
    final BlockingQueue<Datagram> datagrams = new LinkedBlockingQueue<>();
    final BlockingQueue<IOException> errors = new LinkedBlockingQueue<>();
    DatagramTransport transport;

    @Override
    public final void connectionMade(DatagramTransport transport) {
        record("made", !made.isDone());
        this.transport = transport;
        made.complete(transport);
        onMade(transport);
    }

    @Override
    public final void datagramReceived(byte[] data, SocketAddress addr) {
        record("datagram", made.isDone() && !lost.isDone() && data != null && addr != null);
        datagrams.add(new Datagram(data, addr));
        onDatagram(data, addr);
    }

    @Override
    public final void errorReceived(IOException exc) {
        record("error", made.isDone() && !lost.isDone() && exc != null);
        errors.add(exc);
        onError(exc);
    }

    @Override
    public final void pauseWriting() {
        record("pause", made.isDone() && !lost.isDone());
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

    void onMade(DatagramTransport transport) {
    }

    void onDatagram(byte[] data, SocketAddress addr) {
    }

    void onError(IOException exc) {
    }

    /** The next datagram received, waiting for it at most {@link LoopRunner#TIMEOUT_SECONDS}. */
    Datagram nextDatagram() throws InterruptedException {
        Datagram next = datagrams.poll(LoopRunner.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("a datagram received in time").isNotNull();
        return next;
    }

    /** The next error received, waiting for it at most {@link LoopRunner#TIMEOUT_SECONDS}. */
    IOException nextError() throws InterruptedException {
        IOException next = errors.poll(LoopRunner.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("an error received in time").isNotNull();
        return next;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
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
