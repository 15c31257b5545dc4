package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.events.WaitTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TCK's UDP peer against plain JDK datagram sockets. */
class PeerDatagramSocketTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(300), Duration.ofMillis(100));

    private final List<AutoCloseable> resources = new ArrayList<>();
    private EventLog log;
    private PeerDatagramSocket peer;

    @BeforeEach
    void open() {
        log = new EventLog(TIMEOUTS);
        log.setRules("PEER-UDP-1");
        peer = own(PeerDatagramSocket.open(log));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("peer-udp-reader-"));
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private DatagramSocket plain() throws IOException {
        DatagramSocket socket = own(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
        socket.setSoTimeout(2000);
        return socket;
    }

    private static Values.Address addressOf(DatagramSocket socket) {
        return new Values.Address("127.0.0.1", socket.getLocalPort());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(DatagramSocket from, byte[] data, Values.Address to) throws IOException {
        from.send(new DatagramPacket(data, data.length, new InetSocketAddress(to.host(), to.port())));
    }

    @Test
    void isBoundToLoopbackOnAFreePort() {
        assertThat(peer.address().host()).isEqualTo("127.0.0.1");
        assertThat(peer.address().port()).isPositive();
        assertThat(peer).hasToString("The TCK's UDP peer " + peer.address());
    }

    @Test
    void receivesDatagramsWithTheSendersAddress() throws IOException {
        DatagramSocket plain = plain();
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }

        send(plain, all, peer.address());
        send(plain, new byte[0], peer.address());

        PeerDatagramSocket.Received first = peer.receive();
        assertThat(first).isEqualTo(new PeerDatagramSocket.Received(all.clone(), addressOf(plain)));
        assertThat(first.data()).isEqualTo(all);
        assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(new byte[0], addressOf(plain)))
                .hasToString("b'' from " + addressOf(plain));
    }

    @Test
    void receivesTheLargestUdpDatagramWhole() throws IOException {
        DatagramSocket plain = plain();
        plain.setSendBufferSize(1 << 17);
        byte[] largest = new byte[65_507];
        largest[largest.length - 1] = 42;

        send(plain, largest, peer.address());

        assertThat(peer.receive().data()).isEqualTo(largest);
    }

    @Test
    void receivesSeveralInOrderOfArrival() throws IOException {
        DatagramSocket plain = plain();
        for (String text : List.of("a", "b", "c")) {
            send(plain, bytes(text), peer.address());
        }

        assertThat(peer.receive(3)).extracting(r -> new String(r.data(), StandardCharsets.US_ASCII))
                .containsExactly("a", "b", "c");
    }

    @Test
    void losesNothingOfABurstItDoesNotReadYet() throws IOException {
        DatagramSocket plain = plain();
        int count = 500;
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[1000];
            data[0] = (byte) i;
            send(plain, data, peer.address());
        }

        List<PeerDatagramSocket.Received> all = peer.receive(count);

        assertThat(all).hasSize(count).allSatisfy(r -> assertThat(r.data()).hasSize(1000));
        peer.assertNothingReceivedWithinQuietPeriod();
    }

    @Test
    void sendsToAnAddress() throws IOException {
        DatagramSocket plain = plain();

        peer.send(bytes("hello"), addressOf(plain));

        DatagramPacket packet = new DatagramPacket(new byte[100], 100);
        plain.receive(packet);
        assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(packet.getPort()).isEqualTo(peer.address().port());
    }

    @Test
    void receiveFailsAfterTheArrivalTimeoutNamingTheRule() {
        EventLog impatient = new EventLog(SHORT);
        impatient.setRules("PEER-UDP-2");
        PeerDatagramSocket lonely = own(PeerDatagramSocket.open(impatient));
        long start = System.nanoTime();

        assertThatThrownBy(lonely::receive).isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Rule PEER-UDP-2: Nothing moved for 300 ms (")
                .hasMessageContaining("waiting for the TCK's UDP peer " + lonely.address()
                        + " to receive a datagram; it got none");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    @Test
    void receiveOfSeveralSaysHowManyCameWithinOneTimeout() throws IOException {
        EventLog impatient = new EventLog(SHORT);
        PeerDatagramSocket waiting = own(PeerDatagramSocket.open(impatient));
        send(plain(), bytes("only"), waiting.address());
        long start = System.nanoTime();

        assertThatThrownBy(() -> waiting.receive(2)).isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("to receive 2 datagrams; it got 1: [b'only' from 127.0.0.1:");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void quietPeriodPassesInSilenceAndFailsOnADatagram() throws IOException {
        peer.assertNothingReceivedWithinQuietPeriod();

        send(plain(), bytes("noise"), peer.address());

        assertThatThrownBy(peer::assertNothingReceivedWithinQuietPeriod).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no datagram within 100 ms, got b'noise' from 127.0.0.1:");
    }

    @Test
    void aClosedSocketFailsAndCloseIsIdempotent() {
        peer.close();
        peer.close();

        assertThatThrownBy(() -> peer.send(bytes("x"), peer.address())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("could not send b'x' to " + peer.address());
        assertThatThrownBy(peer::receive).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 datagram(s), got 0 then java.net.SocketException: its socket is closed");
    }

    @Test
    void aClosedPortAnswersWithPortUnreachable() throws IOException {
        int port = PeerDatagramSocket.closedPort();
        DatagramSocket connected = plain();
        connected.connect(new InetSocketAddress("127.0.0.1", port));

        connected.send(new DatagramPacket(new byte[] {1}, 1));

        assertThat(port).isPositive();
        assertThatThrownBy(() -> connected.receive(new DatagramPacket(new byte[10], 10)))
                .isInstanceOf(PortUnreachableException.class);
    }

    @Test
    void datagramsThatKeepComingAreReceivedBeyondTheArrivalTimeout() throws IOException {
        PeerDatagramSocket patient = own(PeerDatagramSocket.open(new EventLog(SHORT)));
        DatagramSocket sender = plain();
        Thread trickle = new Thread(() -> {
            for (int i = 0; i < 8; i++) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                try {
                    send(sender, bytes("d" + i), patient.address());
                } catch (IOException ignored) {
                    // the receive fails then
                }
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        long start = System.nanoTime();

        assertThat(patient.receive(8)).hasSize(8);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
    }
}
