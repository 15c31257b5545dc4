package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.SubprocessTransport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records every callback of a subprocess protocol and checks the contract as it goes: the loop thread,
 * connectionMade first, non-empty data, one pipeConnectionLost per fd, no data on a lost pipe, one
 * processExited, connectionLost last and only after the exit and every pipe's loss. Subclasses add
 * behaviour through the {@code on*} hooks.
 */
class RecordingSubprocessProtocol implements SubprocessProtocol {

    private final List<String> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<Integer, ByteArrayOutputStream> received = new HashMap<>();
    private final Set<Integer> lostPipes = new HashSet<>();
    private final Map<Integer, Exception> pipeErrors = new HashMap<>();
    final CompletableFuture<SubprocessTransport> made = new CompletableFuture<>();
    final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Completes with connectionLost's argument (null for a clean end). */
    final CompletableFuture<Exception> lost = new CompletableFuture<>();
    final Map<Integer, CompletableFuture<Exception>> pipeLost = Map.of(
            0, new CompletableFuture<>(), 1, new CompletableFuture<>(), 2, new CompletableFuture<>());
    SubprocessTransport transport;

    @Override
    public final void connectionMade(SubprocessTransport transport) {
        record("made", !made.isDone());
        this.transport = transport;
        made.complete(transport);
        onMade(transport);
    }

    @Override
    public final void pipeDataReceived(int fd, byte[] data) {
        record("data" + fd, made.isDone() && !lost.isDone() && data.length > 0 && (fd == 1 || fd == 2)
                && !lostPipesContains(fd));
        synchronized (received) {
            received.computeIfAbsent(fd, k -> new ByteArrayOutputStream()).writeBytes(data);
            received.notifyAll();
        }
        onData(fd, data);
    }

    @Override
    public final void pipeConnectionLost(int fd, Exception exc) {
        boolean first;
        synchronized (this) {
            first = lostPipes.add(fd);
            pipeErrors.put(fd, exc);
        }
        record("pipeLost" + fd, made.isDone() && !lost.isDone() && first);
        pipeLost.get(fd).complete(exc);
    }

    @Override
    public final void processExited() {
        record("exited", made.isDone() && !lost.isDone() && !exited.isDone() && transport.getReturncode() != null);
        exited.complete(transport.getReturncode());
        onExited();
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
        boolean allPipesLost = true;
        for (int fd = 0; fd < 3; fd++) {
            if (transport != null && transport.getPipeTransport(fd) != null && !lostPipesContains(fd)) {
                allPipesLost = false;
            }
        }
        record("lost", made.isDone() && !lost.isDone() && exited.isDone() && allPipesLost);
        lost.complete(exc);
    }

    void onMade(SubprocessTransport transport) {
    }

    void onData(int fd, byte[] data) {
    }

    void onExited() {
    }

    void onPause() {
    }

    /** Waits until at least {@code count} bytes came on {@code fd}; returns them all. */
    byte[] awaitReceived(int fd, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopRunner.TIMEOUT_SECONDS);
        synchronized (received) {
            while (size(fd) < count) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("received %d of %d bytes on fd %d in time", size(fd), count, fd).isPositive();
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return received.get(fd).toByteArray();
        }
    }

    String text(int fd) {
        synchronized (received) {
            ByteArrayOutputStream bytes = received.get(fd);
            return bytes == null ? "" : bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    int size(int fd) {
        synchronized (received) {
            ByteArrayOutputStream bytes = received.get(fd);
            return bytes == null ? 0 : bytes.size();
        }
    }

    synchronized Exception pipeError(int fd) {
        return pipeErrors.get(fd);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The events with consecutive repeats collapsed. */
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

    private synchronized boolean lostPipesContains(int fd) {
        return lostPipes.contains(fd);
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
