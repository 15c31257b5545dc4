package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.events.WaitTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TCK's peer against plain JDK sockets. */
class PeerTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(300), Duration.ofMillis(100));

    private final List<AutoCloseable> resources = new ArrayList<>();
    private EventLog log;
    private PeerListener listener;

    @BeforeEach
    void listen() {
        log = new EventLog(TIMEOUTS);
        log.setRules("PEER-1");
        listener = own(PeerListener.open(0, log));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("peer-writer-"));
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private Socket plainClient() throws IOException {
        Socket socket = own(new Socket());
        socket.connect(new InetSocketAddress(listener.host(), listener.port()), 2000);
        socket.setSoTimeout(2000);
        return socket;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] data = in.readNBytes(n);
        assertThat(data).hasSize(n);
        return data;
    }

    @Test
    void listensOnLoopback() {
        assertThat(listener.host()).isEqualTo("127.0.0.1");
        assertThat(listener.port()).isPositive();
    }

    @Test
    void exchangesDataBothWays() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();

        client.getOutputStream().write(bytes("hello"));
        assertThat(peer.readExactly(5)).isEqualTo(bytes("hello"));
        assertThat(peer.totalRead()).isEqualTo(5);

        peer.send(bytes("world"));
        peer.send(bytes("!"));
        assertThat(readFully(client.getInputStream(), 6)).isEqualTo(bytes("world!"));
        assertThat(peer.totalWritten()).isEqualTo(6);
    }

    @Test
    void addressesAreThoseOfTheSocket() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();

        assertThat(peer.localAddress()).isEqualTo(new Values.Address("127.0.0.1", listener.port()));
        assertThat(peer.remoteAddress()).isEqualTo(new Values.Address("127.0.0.1", client.getLocalPort()));
    }

    @Test
    void connectsToAPlainServer() throws IOException {
        ServerSocket server = own(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
        PeerSocket peer = own(PeerSocket.connect("127.0.0.1", server.getLocalPort(), 8192, log));
        Socket accepted = own(server.accept());
        accepted.setSoTimeout(2000);

        assertThat(peer.remoteAddress()).isEqualTo(new Values.Address("127.0.0.1", server.getLocalPort()));
        assertThat(peer.localAddress().port()).isEqualTo(accepted.getPort());
        peer.send(bytes("ping"));
        assertThat(readFully(accepted.getInputStream(), 4)).isEqualTo(bytes("ping"));
    }

    @Test
    void sendEachSendsThePiecesInOrderAndCountsThem() throws IOException {
        ServerSocket server = own(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
        PeerSocket peer = own(PeerSocket.connect("127.0.0.1", server.getLocalPort(), 8192, log));
        Socket accepted = own(server.accept());
        accepted.setSoTimeout(2000);

        peer.sendEach(java.util.List.of(bytes("one"), bytes("two"), bytes("three")));

        assertThat(readFully(accepted.getInputStream(), 11)).isEqualTo(bytes("onetwothree"));
        assertThat(peer.totalWritten()).isEqualTo(11);
    }

    @Test
    void connectToAClosedPortFails() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThatThrownBy(() -> PeerSocket.connect("127.0.0.1", port, 0, log))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Rule PEER-1: The TCK's peer could not connect to 127.0.0.1:" + port);
    }

    @Test
    void acceptFailsWhenNobodyConnects() {
        EventLog shortLog = new EventLog(SHORT);
        PeerListener quiet = own(PeerListener.open(0, shortLog));

        assertThatThrownBy(quiet::accept)
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("ms waiting for a connection to the TCK's peer listening on 127.0.0.1:" + quiet.port())
                .hasMessageContaining("Recorded callbacks: none");
    }

    @Test
    void readExactlyTimesOutNamingExpectedAndReceived() throws IOException {
        EventLog shortLog = new EventLog(SHORT);
        PeerListener quiet = own(PeerListener.open(0, shortLog));
        Socket client = own(new Socket("127.0.0.1", quiet.port()));
        PeerSocket peer = quiet.accept();
        client.getOutputStream().write(bytes("abc"));

        assertThatThrownBy(() -> peer.readExactly(5))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("Nothing moved for 300 ms")
                .hasMessageContaining("to receive 5 bytes; 3 came so far: b'abc'");
    }

    @Test
    void readExactlyFailsAtTheEndOfTheStream() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();
        client.getOutputStream().write(bytes("ab"));
        client.shutdownOutput();

        assertThatThrownBy(() -> peer.readExactly(5))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Rule PEER-1: The TCK's peer")
                .hasMessageContaining("expected 5 bytes, got the end of the stream after 2: b'ab'");
    }

    @Test
    void readUntilEofReturnsEverythingBeforeTheEnd() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Thread writer = new Thread(() -> {
            try {
                client.getOutputStream().write(data);
                client.shutdownOutput();
            } catch (IOException ignored) {
                // the assertion below fails then
            }
        });
        writer.start();

        assertThat(peer.readUntilEof()).isEqualTo(data);
        assertThat(peer.totalRead()).isEqualTo(data.length);
    }

    @Test
    void readUntilEofFailsWithoutEnd() throws IOException {
        EventLog shortLog = new EventLog(SHORT);
        PeerListener quiet = own(PeerListener.open(0, shortLog));
        Socket client = own(new Socket("127.0.0.1", quiet.port()));
        PeerSocket peer = quiet.accept();
        client.getOutputStream().write(bytes("abc"));

        assertThatThrownBy(peer::readUntilEof)
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("to receive the end of the stream; 3 bytes came and no end");
    }

    @Test
    void aResetEndsReadUntilEofOrResetButFailsReadUntilEof() throws IOException {
        Socket first = plainClient();
        PeerSocket firstPeer = listener.accept();
        Socket second = plainClient();
        PeerSocket secondPeer = listener.accept();

        reset(first);
        reset(second);

        assertThat(firstPeer.readUntilEofOrReset()).isEmpty();
        assertThatThrownBy(secondPeer::readUntilEof)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected the end of the stream, got 0 bytes then java.net.SocketException");
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Test
    void readAtMostReturnsWhatOneReadGivesAndEmptyAtTheEnd() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();
        client.getOutputStream().write(bytes("abcdef"));

        byte[] first = peer.readAtMost(4);
        assertThat(first.length).isBetween(1, 4);
        assertThat(bytes("abcd")).startsWith(first);
        client.shutdownOutput();
        byte[] rest = peer.readUntilEof();
        assertThat(first.length + rest.length).isEqualTo(6);
        assertThat(peer.readAtMost(4)).isEmpty();
    }

    @Test
    void quietPeriodPassesWhenNothingArrives() throws IOException {
        plainClient();
        PeerSocket peer = listener.accept();

        long start = System.nanoTime();
        peer.assertNoDataOrEofWithinQuietPeriod();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void quietPeriodFailsOnData() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();
        client.getOutputStream().write(bytes("oops"));

        assertThatThrownBy(peer::assertNoDataOrEofWithinQuietPeriod)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected neither data nor the end of the stream within 100 ms, got b'oops'");
    }

    @Test
    void quietPeriodFailsOnTheEndOfTheStream() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();
        client.shutdownOutput();

        assertThatThrownBy(peer::assertNoDataOrEofWithinQuietPeriod)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("got the end of the stream");
    }

    @Test
    void shutdownOutputSendsTheEndOfTheStream() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();

        peer.shutdownOutput();

        assertThat(client.getInputStream().read()).isEqualTo(-1);
        client.getOutputStream().write(bytes("still open"));
        assertThat(peer.readExactly(10)).isEqualTo(bytes("still open"));
    }

    @Test
    void resetSendsAnRst() throws IOException {
        Socket client = plainClient();
        PeerSocket peer = listener.accept();

        peer.reset();

        assertThatThrownBy(() -> client.getInputStream().read())
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void closingTheListenerClosesTheAcceptedSockets() throws IOException {
        Socket client = plainClient();
        listener.accept();

        listener.close();

        assertThat(client.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void sendIsBoundedWhenTheOtherSideDoesNotRead() throws IOException {
        EventLog shortLog = new EventLog(SHORT);
        PeerListener small = own(PeerListener.open(4096, shortLog));
        Socket client = own(new Socket());
        client.setReceiveBufferSize(4096);
        client.connect(new InetSocketAddress("127.0.0.1", small.port()));
        PeerSocket peer = small.accept();

        long start = System.nanoTime();
        assertThatThrownBy(() -> peer.send(new byte[64 * 1024 * 1024]))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("Nothing moved for 300 ms")
                .hasMessageContaining("bytes taken, then nothing (is the implementation reading?); "
                        + "the peer's socket is now closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> peer.send(bytes("more")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("its socket is closed");
    }

    // ---- waits on progress

    /** Writes {@code chunks} KiB to {@code client}, one every 100 ms, then ends its output if asked; on a daemon thread. */
    private static void trickle(Socket client, int chunks, boolean thenEnd) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i < chunks; i++) {
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    client.getOutputStream().write(new byte[1024]);
                }
                if (thenEnd) {
                    client.shutdownOutput();
                }
            } catch (IOException ignored) {
                // the peer's read fails then
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private PeerSocket acceptedBy(PeerListener listening, Socket client) throws IOException {
        client.connect(new InetSocketAddress("127.0.0.1", listening.port()));
        return listening.accept();
    }

    @Test
    void readExactlyOfASlowButSteadyStreamOutlivesTheArrivalTimeout() throws IOException {
        PeerListener slow = own(PeerListener.open(0, new EventLog(SHORT)));
        Socket client = own(new Socket());
        PeerSocket peer = acceptedBy(slow, client);
        trickle(client, 8, false);
        long start = System.nanoTime();

        assertThat(peer.readExactly(8 * 1024)).hasSize(8 * 1024);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
    }

    @Test
    void readUntilEofOfASlowButSteadyStreamOutlivesTheArrivalTimeout() throws IOException {
        PeerListener slow = own(PeerListener.open(0, new EventLog(SHORT)));
        Socket client = own(new Socket());
        PeerSocket peer = acceptedBy(slow, client);
        trickle(client, 8, true);
        long start = System.nanoTime();

        assertThat(peer.readUntilEof()).hasSize(8 * 1024);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
    }

    @Test
    void readExactlyOfAStreamThatStopsFailsWithAWaitTimeout() throws IOException {
        PeerListener slow = own(PeerListener.open(0, new EventLog(SHORT)));
        Socket client = own(new Socket());
        PeerSocket peer = acceptedBy(slow, client);
        trickle(client, 3, false);

        assertThatThrownBy(() -> peer.readExactly(8 * 1024))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Nothing moved for 300 ms (")
                .hasMessageContaining("to receive 8192 bytes; 3072 came so far");
    }

    @Test
    void aSendToASlowButSteadyReaderOutlivesTheArrivalTimeout() throws IOException {
        PeerListener small = own(PeerListener.open(0, new EventLog(SHORT)));
        Socket client = own(new Socket());
        client.setReceiveBufferSize(4096);
        PeerSocket peer = acceptedBy(small, client);
        int total = 8 << 20;
        Thread reader = new Thread(() -> {
            try {
                // fast enough that the kernel, which wakes a blocked sender only once a third of its buffer
                // is free, takes a chunk well within the timeout: 10 MB/s
                for (int read = 0; read < total; read += client.getInputStream().readNBytes(256 * 1024).length) {
                    LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
                }
            } catch (IOException ignored) {
                // the send fails then
            }
        });
        reader.setDaemon(true);
        reader.start();
        long start = System.nanoTime();

        peer.send(new byte[total]);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
        assertThat(peer.totalWritten()).isEqualTo(total);
    }
}
