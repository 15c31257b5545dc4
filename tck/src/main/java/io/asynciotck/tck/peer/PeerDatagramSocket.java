package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.WaitTimeout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The TCK's independent UDP peer: a plain {@link DatagramSocket} of the JDK bound to {@code 127.0.0.1}
 * and a free port, never the implementation under test. It is not connected, so it takes datagrams
 * from anyone and sends anywhere.
 *
 * <p>UDP drops what the receiver's socket buffer cannot hold, and the kernel charges a loopback
 * datagram of 1000 bytes about 2.3 KB of it: with Linux's default buffer, a burst of 100 such
 * datagrams sent while nobody reads loses some. So that the peer loses none, a daemon thread
 * {@code peer-udp-reader-<port>} takes every datagram off the socket as it arrives, into a queue that
 * {@link #receive} reads, and the socket asks for a large receive buffer (4 MiB; Linux caps it at
 * {@code net.core.rmem_max}) for the bursts that come while that thread is not scheduled.
 *
 * <p>Every wait is bounded: receiving by the arrival timeout of the log, on progress (see
 * {@link #receive(int)}), watching for silence by its fixed quiet period. Every failure is an
 * {@link AssertionError} made by the log, so that it names the scenario's rules and shows the recorded
 * callbacks; a wait that runs out is a {@link WaitTimeout}.
 *
 * <p>Used from one thread at a time (the scenario's); {@link #close()} may come from any thread and
 * ends the reader thread.
 */
public final class PeerDatagramSocket implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    /** Larger than any UDP payload (65,507 bytes over IPv4), so that no datagram is ever truncated. */
    private static final int MAX_DATAGRAM = 65_536;
    private static final int RECEIVE_BUFFER = 4 << 20;
    /** How long {@link #close()} waits for the reader thread to end; it ends as soon as the socket closes. */
    private static final long READER_JOIN_MILLIS = 1000;

    /**
     * One datagram the peer received: its data and the address it came from. Equal when both the data
     * (by content) and the address are.
     */
    public record Received(byte[] data, Values.Address from) {

        public Received {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(from, "from");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Received that && Arrays.equals(data, that.data) && from.equals(that.from);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + from.hashCode();
        }

        @Override
        public String toString() {
            return Bytes.describe(data) + " from " + from;
        }
    }

    private final DatagramSocket socket;
    private final EventLog log;
    private final Values.Address address;
    /** What the reader thread took off the socket: {@link Received}s, then possibly the IOException that ended it. */
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final Thread reader;

    private PeerDatagramSocket(DatagramSocket socket, EventLog log) {
        this.socket = socket;
        this.log = log;
        this.address = new Values.Address(HOST, socket.getLocalPort());
        this.reader = new Thread(this::read, "peer-udp-reader-" + address.port());
        this.reader.setDaemon(true);
    }

    /**
     * Binds a datagram socket to {@code 127.0.0.1} and a free port and starts taking datagrams off it.
     *
     * @param log the scenario's log: failures name its rules and show its callbacks
     */
    public static PeerDatagramSocket open(EventLog log) {
        DatagramSocket socket = null;
        try {
            socket = new DatagramSocket(null);
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.bind(new InetSocketAddress(HOST, 0));
        } catch (IOException e) {
            if (socket != null) {
                socket.close();
            }
            AssertionError failure = log.failure("The TCK's UDP peer could not bind to " + HOST + ": " + e);
            failure.initCause(e);
            throw failure;
        }
        PeerDatagramSocket peer = new PeerDatagramSocket(socket, log);
        peer.reader.start();
        return peer;
    }

    /** The reader thread: every datagram into the queue, until the socket closes or fails. */
    private void read() {
        while (true) {
            DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    arrivals.add(e);
                }
                return;
            }
            arrivals.add(new Received(
                    Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()),
                    new Values.Address(packet.getAddress().getHostAddress(), packet.getPort())));
        }
    }

    /**
     * A UDP port of {@code 127.0.0.1} where nothing listens: bound by a socket that is closed at once.
     * A datagram sent there makes the kernel answer with an ICMP port unreachable (which a connected
     * endpoint sees as {@code error_received(ConnectionRefusedError)} on Linux). Another process could
     * bind the port in between, which is unlikely within a scenario.
     *
     * @throws AssertionError when no socket can be bound
     */
    public static int closedPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("The TCK could not bind a UDP socket to " + HOST + " to find a closed port: " + e, e);
        }
    }

    /** {@code 127.0.0.1} and the bound port: where the implementation sends to the peer. */
    public Values.Address address() {
        return address;
    }

    /**
     * Sends {@code data} as one datagram to {@code to}. A send does not wait for the receiver; the
     * operating system may drop the datagram, which only a receive can tell.
     */
    public void send(byte[] data, Values.Address to) {
        try {
            socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(to.host(), to.port())));
        } catch (IOException | IllegalArgumentException e) {
            throw fail("could not send " + Bytes.describe(data) + " to " + to + ": " + e, e);
        }
    }

    /**
     * Waits at most the arrival timeout for the next datagram.
     *
     * @throws AssertionError when the socket fails; a {@link WaitTimeout} when no datagram arrives in time
     */
    public Received receive() {
        return receive(1).get(0);
    }

    /**
     * Waits for the next {@code count} datagrams, on progress: as long as datagrams keep coming, and at
     * most the arrival timeout without one.
     *
     * @return the datagrams in the order they arrived
     * @throws WaitTimeout naming how many arrived, when the datagrams stop coming before {@code count}
     */
    public List<Received> receive(int count) {
        Patience patience = log.timeouts().patienceOnProgress();
        List<Received> all = new ArrayList<>(count);
        while (all.size() < count) {
            Received next;
            try {
                next = next(patience);
            } catch (IOException e) {
                throw fail("expected " + count + " datagram(s), got " + all.size() + " then " + e, e);
            }
            if (next == null) {
                throw log.timedOut(patience, "the TCK's UDP peer " + address + " to receive "
                        + (count == 1 ? "a datagram" : count + " datagrams")
                        + "; it got " + (all.isEmpty() ? "none" : all.size() + ": " + all));
            }
            all.add(next);
            patience.progressed();
        }
        return all;
    }

    /**
     * Watches the socket for the quiet period: fails if a datagram arrives (it is consumed).
     */
    public void assertNothingReceivedWithinQuietPeriod() {
        long millis = log.timeouts().quiet().toMillis();
        Received received;
        try {
            received = nextWithin(TimeUnit.MILLISECONDS.toNanos(millis));
        } catch (IOException e) {
            throw fail("expected no datagram within " + millis + " ms, got " + e, e);
        }
        if (received != null) {
            throw fail("expected no datagram within " + millis + " ms, got " + received, null);
        }
    }

    /** Closes the socket and waits, bounded, for the reader thread to end. Idempotent. */
    @Override
    public void close() {
        socket.close();
        try {
            reader.join(READER_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "The TCK's UDP peer " + address;
    }

    /**
     * The next datagram the reader thread took, waiting within {@code patience}; null when none came in
     * time.
     *
     * @throws IOException as {@link #nextWithin}
     */
    private Received next(Patience patience) throws IOException {
        while (true) {
            long left = patience.remainingNanos();
            if (left <= 0) {
                return null;
            }
            Received next = nextWithin(left);
            if (next != null) {
                return next;
            }
        }
    }

    /**
     * The next datagram the reader thread took, waiting at most {@code nanos}; null when none came in time.
     *
     * @throws IOException what ended the reader thread (it stays in the queue for the next calls), or a
     *                     {@link SocketException} when the socket is closed and nothing is left
     */
    private Received nextWithin(long nanos) throws IOException {
        Object arrival;
        try {
            arrival = socket.isClosed() ? arrivals.poll() : arrivals.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a datagram");
        }
        if (arrival instanceof IOException error) {
            arrivals.add(error);
            throw error;
        }
        if (arrival == null && socket.isClosed()) {
            throw new SocketException("its socket is closed");
        }
        return (Received) arrival;
    }

    private AssertionError fail(String problem, Throwable cause) {
        AssertionError failure = log.failure(this + " " + problem);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }
}
