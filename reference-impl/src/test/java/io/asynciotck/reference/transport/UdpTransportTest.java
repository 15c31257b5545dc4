package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.reference.flowcontrol.WriteFlowController;
import io.asynciotck.reference.transport.RecordingDatagramProtocol.Datagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.asynciotck.reference.transport.LoopRunner.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** End-to-end tests of the UDP endpoints, with plain JDK {@link DatagramSocket}s as peers. */
class UdpTransportTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int MAX_IPV4 = 65_507;
    private static final int MAX_IPV6 = 65_527;

    private LoopRunner runner;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startLoop() throws InterruptedException {
        runner = new LoopRunner();
    }

    @AfterEach
    void stopLoop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        runner.close();
    }

    // ---- creating endpoints

    @Test
    void createDatagramEndpointCompletesAfterConnectionMadeAndReportsExtraInfo() throws Exception {
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        CompletableFuture<Boolean> madeFirst = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Connection<DatagramTransport, RecordingDatagramProtocol>>> creating =
                new CompletableFuture<>();
        creating.complete(runner.loop.createDatagramEndpoint(() -> {
            // Runs on the loop thread before the future completes: a dependent registered here runs
            // where the future completes. (Waits the moment the test thread needs to publish it.)
            creating.join().thenRun(() -> madeFirst.complete(protocol.made.isDone() && runner.loop.inLoopThread()));
            return protocol;
        }, loopback(0), null));
        Connection<DatagramTransport, RecordingDatagramProtocol> connection = await(creating.join());
        assertThat(await(madeFirst)).isTrue();
        assertThat(connection.protocol()).isSameAs(protocol);
        DatagramTransport transport = connection.transport();
        assertThat(await(protocol.made)).isSameAs(transport);

        InetSocketAddress sockname = sockname(transport);
        assertThat(sockname.getAddress()).isEqualTo(LOOPBACK);
        assertThat(sockname.getPort()).isPositive();
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME, "default")))
                .as("peername of an unconnected endpoint is null, not the default").isNull();
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKET))).isInstanceOf(DatagramChannel.class);
        assertThat(runner.call(() -> transport.getExtraInfo("nonexistent", "default"))).isEqualTo("default");
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PIPE))).isNull();
        assertThat(failureOnLoop(() -> transport.getExtraInfo(null))).isInstanceOf(NullPointerException.class);
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();
        assertThat(protocol.events()).containsExactly("made");
    }

    @Test
    void aRemoteAddressConnectsAnEndpointBoundToAnEphemeralPort() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, address(peer));
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME))).isEqualTo(address(peer));
        InetSocketAddress sockname = sockname(transport);
        assertThat(sockname.getPort()).isPositive();
        DatagramChannel channel = (DatagramChannel) runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKET));
        assertThat(channel.isConnected()).isTrue();
        assertThat(channel.isBlocking()).isFalse();
        assertThat(channel.getLocalAddress()).isEqualTo(sockname);
    }

    @Test
    void unresolvedAddressesAreResolved() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol,
                InetSocketAddress.createUnresolved(LOOPBACK.getHostAddress(), 0),
                InetSocketAddress.createUnresolved(LOOPBACK.getHostAddress(), peer.getLocalPort()));
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME))).isEqualTo(address(peer));
        assertThat(sockname(transport).getAddress()).isEqualTo(LOOPBACK);
        runner.run(() -> transport.sendto(bytes("resolved")));
        assertThat(text(receive(peer))).isEqualTo("resolved");
    }

    @Test
    void invalidArgumentsFailTheFutureWithoutCallingTheFactory() throws Exception {
        ReferenceEventLoop loop = runner.loop;
        AtomicBoolean factoryCalled = new AtomicBoolean();
        Supplier<RecordingDatagramProtocol> factory = () -> {
            factoryCalled.set(true);
            return new RecordingDatagramProtocol();
        };
        assertFailsWith(loop.createDatagramEndpoint(null, loopback(0), null), NullPointerException.class);
        Throwable neither = failure(loop.createDatagramEndpoint(factory, null, null));
        assertThat(neither).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both are null");
        assertFailsWith(loop.createDatagramEndpoint(factory, null, loopback(0)), IllegalArgumentException.class);
        InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
        Throwable mixed = failure(loop.createDatagramEndpoint(factory, loopback(0), ipv6));
        assertThat(mixed).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(loopback(0).toString()).hasMessageContaining(ipv6.toString());
        DatagramSocket taken = peer();
        assertFailsWith(loop.createDatagramEndpoint(factory, address(taken), null), BindException.class);
        assertFailsWith(loop.createDatagramEndpoint(factory, null, InetSocketAddress.createUnresolved("no-such-host.invalid", 9)),
                UnknownHostException.class);
        assertThat(factoryCalled).isFalse();

        assertFailsWith(loop.createDatagramEndpoint(() -> null, loopback(0), null), NullPointerException.class);
        IllegalStateException boom = new IllegalStateException("factory failed");
        CompletableFuture<?> failing = loop.createDatagramEndpoint(() -> {
            throw boom;
        }, loopback(0), null);
        assertThatThrownBy(() -> await(failing)).hasCause(boom);
    }

    // ---- sendto

    @Test
    void unconnectedEndpointSendsToTheGivenAddressAndReceivesWithTheSender() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        InetSocketAddress sockname = sockname(transport);
        runner.run(() -> transport.sendto(bytes("hello"), address(peer)));
        DatagramPacket packet = receive(peer);
        assertThat(text(packet)).isEqualTo("hello");
        assertThat(packet.getSocketAddress()).isEqualTo(sockname);

        peer.send(new DatagramPacket(bytes("world"), 5, sockname));
        Datagram datagram = protocol.nextDatagram();
        assertThat(datagram.data()).isEqualTo(bytes("world"));
        assertThat(datagram.addr()).isInstanceOf(InetSocketAddress.class).isEqualTo(address(peer));
        assertThat(protocol.events()).containsExactly("made", "datagram");
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void connectedEndpointSendsToItsRemoteAddressWhenAddrIsNullOrEqual() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, address(peer));
        InetSocketAddress sockname = sockname(transport);
        InetSocketAddress sameAddress = new InetSocketAddress(InetAddress.getByName(LOOPBACK.getHostAddress()), peer.getLocalPort());
        runner.run(() -> {
            transport.sendto(bytes("one"));
            transport.sendto(bytes("two"), null);
            transport.sendto(bytes("three"), sameAddress);
        });
        for (String expected : List.of("one", "two", "three")) {
            DatagramPacket packet = receive(peer);
            assertThat(text(packet)).isEqualTo(expected);
            assertThat(packet.getSocketAddress()).isEqualTo(sockname);
        }
        peer.send(new DatagramPacket(bytes("reply"), 5, sockname));
        Datagram datagram = protocol.nextDatagram();
        assertThat(datagram.data()).isEqualTo(bytes("reply"));
        assertThat(datagram.addr()).isEqualTo(address(peer));
        assertThat(protocol.errors).isEmpty();
    }

    @Test
    void connectedEndpointRejectsAnotherAddressAndStaysUsable() throws Exception {
        DatagramSocket peer = peer();
        DatagramSocket other = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, address(peer));
        Throwable rejected = failureOnLoop(() -> transport.sendto(bytes("x"), address(other)));
        assertThat(rejected).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(address(other).toString()).hasMessageContaining(address(peer).toString());
        runner.run(() -> transport.sendto(bytes("after")));
        assertThat(text(receive(peer))).isEqualTo("after");
        assertThat(protocol.events()).containsExactly("made");
    }

    @Test
    void unconnectedEndpointNeedsAnAddressAndStaysUsable() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        Throwable rejected = failureOnLoop(() -> transport.sendto(bytes("x")));
        assertThat(rejected).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no remote address");
        runner.run(() -> transport.sendto(bytes("after"), address(peer)));
        assertThat(text(receive(peer))).isEqualTo("after");
        assertThat(protocol.events()).containsExactly("made");
    }

    @Test
    void invalidDataOrAddressesAreRejectedBeforeAnythingIsQueued() throws Exception {
        DatagramSocket peer = peer(MAX_IPV4 + 1);
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        SocketAddress target = address(peer);
        assertThat(failureOnLoop(() -> transport.sendto(null, target))).isInstanceOf(NullPointerException.class);
        assertThat(failureOnLoop(() -> transport.sendto(bytes("x"), UnixDomainSocketAddress.of("/tmp/udp-test"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("InetSocketAddress");
        assertThat(failureOnLoop(() -> transport.sendto(bytes("x"), InetSocketAddress.createUnresolved("localhost", 9))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
        assertThat(failureOnLoop(() -> transport.sendto(bytes("x"), loopback(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
        InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
        assertThat(failureOnLoop(() -> transport.sendto(bytes("x"), ipv6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv6");
        assertThat(failureOnLoop(() -> transport.sendto(new byte[MAX_IPV4 + 1], target)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(MAX_IPV4 + 1));
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();

        byte[] largest = pattern(MAX_IPV4);
        runner.run(() -> transport.sendto(largest, target));
        assertThat(data(receive(peer, MAX_IPV4))).isEqualTo(largest);
        assertThat(protocol.events()).containsExactly("made");
        assertThat(protocol.lost).isNotDone();
    }

    @Test
    void ipv6EndpointsAcceptTheLargerIpv6Datagrams() throws Exception {
        InetSocketAddress ipv6Loopback = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        DatagramSocket peer;
        try {
            peer = new DatagramSocket(ipv6Loopback);
        } catch (SocketException noIpv6) {
            Assumptions.abort("no IPv6 loopback: " + noIpv6);
            return;
        }
        toClose.add(peer);
        peer.setSoTimeout(timeoutMillis());
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, ipv6Loopback, null);
        SocketAddress target = peer.getLocalSocketAddress();
        assertThat(failureOnLoop(() -> transport.sendto(new byte[MAX_IPV6 + 1], target)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] largest = pattern(MAX_IPV6);
        runner.run(() -> transport.sendto(largest, target));
        DatagramPacket packet = receive(peer, MAX_IPV6 + 1);
        assertThat(data(packet)).isEqualTo(largest);
        assertThat(packet.getSocketAddress()).isEqualTo(sockname(transport));
    }

    @Test
    void emptyDatagramsAreSentAndReceived() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        runner.run(() -> {
            transport.sendto(new byte[0], address(peer));
            transport.sendto(bytes("x"), address(peer));
        });
        assertThat(receive(peer).getLength()).isZero();
        assertThat(text(receive(peer))).isEqualTo("x");

        peer.send(new DatagramPacket(new byte[0], 0, sockname(transport)));
        Datagram empty = protocol.nextDatagram();
        assertThat(empty.data()).isEmpty();
        assertThat(empty.addr()).isEqualTo(address(peer));
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void connectedEndpointReceivesEmptyDatagramsButDropsThoseItSends() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, address(peer));
        peer.send(new DatagramPacket(new byte[0], 0, sockname(transport)));
        assertThat(protocol.nextDatagram().data()).isEmpty();
        // The JDK's connected DatagramChannel writes nothing for an empty buffer (documented limitation).
        runner.run(() -> {
            transport.sendto(new byte[0]);
            transport.sendto(bytes("x"));
        });
        assertThat(text(receive(peer))).isEqualTo("x");
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();
        assertThat(protocol.errors).isEmpty();
    }

    // ---- receiving

    @Test
    void oneProtocolServesSeveralSendersAndAnswersEachAtItsAddress() throws Exception {
        AtomicInteger factoryCalls = new AtomicInteger();
        RecordingDatagramProtocol echo = new RecordingDatagramProtocol() {
            @Override
            void onDatagram(byte[] data, SocketAddress addr) {
                transport.sendto(data, addr);
            }
        };
        DatagramTransport transport = endpointFrom(() -> {
            factoryCalls.incrementAndGet();
            return echo;
        }, loopback(0), null);
        InetSocketAddress server = sockname(transport);
        List<DatagramSocket> senders = List.of(peer(), peer(), peer());
        for (int i = 0; i < senders.size(); i++) {
            byte[] message = bytes("from " + i);
            senders.get(i).send(new DatagramPacket(message, message.length, server));
        }
        Map<SocketAddress, String> received = new HashMap<>();
        for (int i = 0; i < senders.size(); i++) {
            Datagram datagram = echo.nextDatagram();
            received.put(datagram.addr(), new String(datagram.data(), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < senders.size(); i++) {
            assertThat(received).containsEntry(address(senders.get(i)), "from " + i);
            DatagramPacket answer = receive(senders.get(i));
            assertThat(text(answer)).isEqualTo("from " + i);
            assertThat(answer.getSocketAddress()).isEqualTo(server);
        }
        assertThat(factoryCalls).hasValue(1);
        assertThat(echo.violations()).isEmpty();
    }

    @Test
    void aBurstLongerThanOneReadinessEventIsDeliveredWholeAndInOrder() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        InetSocketAddress server = sockname(transport);
        int count = 4 * UdpTransport.MAX_DATAGRAMS_PER_EVENT + 3;
        for (int i = 0; i < count; i++) {
            byte[] message = bytes(Integer.toString(i));
            peer.send(new DatagramPacket(message, message.length, server));
        }
        for (int i = 0; i < count; i++) {
            assertThat(new String(protocol.nextDatagram().data(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
        }
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void theSpecsUdpEchoClientAndServerExamplesRunOnOneLoop() throws Exception {
        RecordingDatagramProtocol server = new RecordingDatagramProtocol() {
            @Override
            void onDatagram(byte[] data, SocketAddress addr) {
                transport.sendto(data, addr);
            }
        };
        InetSocketAddress serverAddress = sockname(endpoint(server, loopback(0), null));
        RecordingDatagramProtocol client = new RecordingDatagramProtocol() {
            @Override
            void onMade(DatagramTransport transport) {
                transport.sendto(bytes("Hello World!"));
            }

            @Override
            void onDatagram(byte[] data, SocketAddress addr) {
                transport.close();
            }
        };
        endpoint(client, null, serverAddress);
        assertThat(await(client.lost)).isNull();
        Datagram answer = client.nextDatagram();
        assertThat(answer.data()).isEqualTo(bytes("Hello World!"));
        assertThat(answer.addr()).isEqualTo(serverAddress);
        assertThat(client.events()).containsExactly("made", "datagram", "lost");
        assertThat(server.events()).containsExactly("made", "datagram");
        assertThat(client.violations()).isEmpty();
        assertThat(server.violations()).isEmpty();
    }

    // ---- errorReceived

    @Test
    void aClosedRemotePortIsReportedToErrorReceivedOncePerDatagramAndTheEndpointStaysOpen() throws Exception {
        int port;
        try (DatagramSocket closed = new DatagramSocket(0, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, loopback(port));
        for (int i = 0; i < 2; i++) {
            runner.run(() -> transport.sendto(bytes("ping")));
            assertThat(protocol.nextError()).isInstanceOf(PortUnreachableException.class);
        }
        runner.run(() -> { }); // one more trip through the loop: no late duplicate
        assertThat(protocol.errors).isEmpty();
        assertThat(protocol.events()).containsExactly("made", "error", "error");
        assertThat(protocol.lost).isNotDone();

        DatagramSocket revived;
        try {
            revived = new DatagramSocket(port, LOOPBACK);
        } catch (BindException taken) {
            return; // another process took the port in between: the rest cannot be checked
        }
        toClose.add(revived);
        revived.setSoTimeout(timeoutMillis());
        runner.run(() -> transport.sendto(bytes("again")));
        assertThat(text(receive(revived))).isEqualTo("again");
    }

    @Test
    void aFailedSendIsReportedToErrorReceivedInsideSendtoAndTheEndpointStaysOpen() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        // Without SO_BROADCAST the kernel refuses a broadcast (EACCES).
        InetSocketAddress broadcast = broadcast();
        List<String> duringSendto = runner.call(() -> {
            transport.sendto(bytes("x"), broadcast);
            return protocol.events();
        });
        assertThat(duringSendto).containsExactly("made", "error");
        assertThat(protocol.nextError()).isInstanceOf(IOException.class);
        runner.run(() -> transport.sendto(bytes("after"), address(peer)));
        assertThat(text(receive(peer))).isEqualTo("after");
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();
        assertThat(protocol.lost).isNotDone();
    }

    // ---- exceptions from protocol callbacks

    @Test
    void anExceptionInErrorReceivedIsReportedAndClosesTheEndpointWithIt() throws Exception {
        DatagramSocket peer = peer();
        IllegalStateException boom = new IllegalStateException("errorReceived failed");
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol() {
            @Override
            void onError(IOException exc) {
                throw boom;
            }
        };
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        InetSocketAddress broadcast = broadcast();
        Throwable refused = runner.call(() -> {
            transport.sendto(bytes("x"), broadcast);
            return catchThrowable(() -> transport.sendto(bytes("refused"), address(peer))); // closed by now
        });
        assertThat(refused).isInstanceOf(IllegalStateException.class);
        assertThat(await(protocol.lost)).isSameAs(boom);
        assertThat(protocol.events()).containsExactly("made", "error", "lost");
        assertReported(boom, transport, protocol);
    }

    @Test
    void anExceptionInDatagramReceivedIsReportedAndClosesTheEndpointWithIt() throws Exception {
        DatagramSocket peer = peer();
        IllegalStateException boom = new IllegalStateException("datagramReceived failed");
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol() {
            @Override
            void onDatagram(byte[] data, SocketAddress addr) {
                throw boom;
            }
        };
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        InetSocketAddress server = sockname(transport);
        for (int i = 0; i < 3; i++) {
            peer.send(new DatagramPacket(bytes("x"), 1, server));
        }
        assertThat(await(protocol.lost)).isSameAs(boom);
        assertThat(protocol.events()).containsExactly("made", "datagram", "lost");
        assertReported(boom, transport, protocol);
        assertThat(((DatagramChannel) transport.getExtraInfo(ExtraInfo.SOCKET)).isOpen()).isFalse();
    }

    @Test
    void anExceptionInConnectionMadeClosesTheEndpointButTheFutureCompletes() throws Exception {
        IllegalStateException boom = new IllegalStateException("connectionMade failed");
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol() {
            @Override
            void onMade(DatagramTransport transport) {
                throw boom;
            }
        };
        Connection<DatagramTransport, RecordingDatagramProtocol> connection =
                await(runner.loop.createDatagramEndpoint(() -> protocol, loopback(0), null));
        assertThat(connection.protocol()).isSameAs(protocol);
        assertThat(await(protocol.lost)).isSameAs(boom);
        assertThat(protocol.events()).containsExactly("made", "lost");
        assertReported(boom, connection.transport(), protocol);
    }

    // ---- closing

    @Test
    void closeSchedulesConnectionLostOnceAndDropsLaterDatagrams() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        InetSocketAddress sockname = sockname(transport);
        List<Object> afterClose = runner.call(() -> {
            transport.close();
            boolean lostInsideClose = protocol.lost.isDone();
            transport.close(); // idempotent
            Throwable refused = catchThrowable(() -> transport.sendto(bytes("refused"), address(peer)));
            transport.abort(); // no effect once closed
            return List.of(lostInsideClose, transport.getWriteBufferSize(), refused.getClass());
        });
        assertThat(afterClose).containsExactly(false, 0L, IllegalStateException.class);
        assertThat(await(protocol.lost)).isNull();
        runner.run(() -> { }); // one more trip through the loop
        assertThat(protocol.events()).containsExactly("made", "lost");
        assertThat(((DatagramChannel) transport.getExtraInfo(ExtraInfo.SOCKET)).isOpen()).isFalse();
        assertThat(failureOnLoop(() -> transport.sendto(null, address(peer)))).as("arguments still checked")
                .isInstanceOf(NullPointerException.class);
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKNAME))).as("sockname after the loss")
                .isEqualTo(sockname);
    }

    @Test
    void abortSchedulesConnectionLostOnce() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, null, address(peer));
        boolean lostInsideAbort = runner.call(() -> {
            transport.abort();
            boolean lost = protocol.lost.isDone();
            transport.abort();
            transport.close();
            assertThatThrownBy(() -> transport.sendto(bytes("refused"))).isInstanceOf(IllegalStateException.class);
            return lost;
        });
        assertThat(lostInsideAbort).isFalse();
        assertThat(await(protocol.lost)).isNull();
        runner.run(() -> { });
        assertThat(protocol.events()).containsExactly("made", "lost");
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME))).as("peername after the loss")
                .isEqualTo(address(peer));
    }

    @Test
    void closingTheLoopReleasesOpenEndpointsAndRefusesNewOnes() throws Exception {
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        runner.close();
        assertThat(((DatagramChannel) transport.getExtraInfo(ExtraInfo.SOCKET)).isOpen()).isFalse();
        assertThat(protocol.lost).as("no callback once the loop is closed").isNotDone();
        assertFailsWith(runner.loop.createDatagramEndpoint(RecordingDatagramProtocol::new, loopback(0), null),
                IllegalStateException.class);
    }

    // ---- flow control

    @Test
    void flowControlUsesTheSharedControllerAndCountsQueuedBytesOnly() throws Exception {
        DatagramSocket peer = peer();
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol();
        DatagramTransport transport = endpoint(protocol, loopback(0), null);
        assertThat(runner.call(transport::getWriteBufferLimits))
                .isEqualTo(new WriteBufferLimits(WriteFlowController.DEFAULT_LOW, WriteFlowController.DEFAULT_HIGH));
        List<WriteBufferLimits> limits = runner.call(() -> {
            List<WriteBufferLimits> seen = new ArrayList<>();
            transport.setWriteBufferLimits(4096L);
            seen.add(transport.getWriteBufferLimits());
            transport.setWriteBufferLimits(null, 100L);
            seen.add(transport.getWriteBufferLimits());
            return seen;
        });
        assertThat(limits).containsExactly(new WriteBufferLimits(1024, 4096), new WriteBufferLimits(100, 400));
        assertThat(failureOnLoop(() -> transport.setWriteBufferLimits(10L, 20L))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failureOnLoop(() -> transport.setWriteBufferLimits(-1L, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(runner.call(transport::getWriteBufferLimits)).isEqualTo(new WriteBufferLimits(100, 400));

        // High-water mark 0: pausing needs a non-empty queue, and a datagram the socket takes at once
        // (always, on Linux loopback) is never queued.
        List<Object> afterSend = runner.call(() -> {
            transport.setWriteBufferLimits(0L, null);
            transport.sendto(pattern(MAX_IPV4 / 2), address(peer));
            return List.of(transport.getWriteBufferLimits(), transport.getWriteBufferSize());
        });
        assertThat(afterSend).containsExactly(new WriteBufferLimits(0, 0), 0L);
        assertThat(receive(peer, MAX_IPV4).getLength()).isEqualTo(MAX_IPV4 / 2);
        assertThat(protocol.events()).containsExactly("made");
        runner.run(transport::setWriteBufferLimits);
        assertThat(runner.call(transport::getWriteBufferLimits).high()).isEqualTo(WriteFlowController.DEFAULT_HIGH);
    }

    // ---- helpers

    private <P extends RecordingDatagramProtocol> DatagramTransport endpoint(P protocol, InetSocketAddress local,
                                                                             InetSocketAddress remote) throws Exception {
        return endpointFrom(() -> protocol, local, remote);
    }

    private <P extends RecordingDatagramProtocol> DatagramTransport endpointFrom(Supplier<P> factory, InetSocketAddress local,
                                                                                 InetSocketAddress remote) throws Exception {
        return await(runner.loop.createDatagramEndpoint(factory, local, remote)).transport();
    }

    private InetSocketAddress sockname(DatagramTransport transport) throws Exception {
        return (InetSocketAddress) runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKNAME));
    }

    private DatagramSocket peer() throws IOException {
        return peer(1024);
    }

    /** A peer socket on the loopback address; {@code maxDatagram} only documents what it will receive. */
    private DatagramSocket peer(int maxDatagram) throws IOException {
        DatagramSocket peer = new DatagramSocket(0, LOOPBACK);
        toClose.add(peer);
        peer.setSoTimeout(timeoutMillis());
        if (peer.getReceiveBufferSize() < 2 * maxDatagram) {
            peer.setReceiveBufferSize(2 * maxDatagram);
        }
        return peer;
    }

    /** Runs {@code task} on the loop thread and returns what it threw. */
    private Throwable failureOnLoop(Runnable task) {
        Throwable thrown = catchThrowable(() -> runner.run(task));
        assertThat(thrown).as("thrown on the loop").isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    private void assertReported(Throwable exception, DatagramTransport transport, RecordingDatagramProtocol protocol)
            throws Exception {
        List<ExceptionContext> reported = runner.call(() -> List.copyOf(runner.reported));
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).exception()).isSameAs(exception);
        assertThat(reported.get(0).transport()).isSameAs(transport);
        assertThat(reported.get(0).protocol()).isSameAs(protocol);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> await(future));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    private static void assertFailsWith(CompletableFuture<?> future, Class<? extends Throwable> type) {
        assertThat(failure(future)).isInstanceOf(type);
    }

    private static DatagramPacket receive(DatagramSocket peer) throws IOException {
        return receive(peer, 1024);
    }

    private static DatagramPacket receive(DatagramSocket peer, int maxLength) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[maxLength + 1], maxLength + 1);
        peer.receive(packet);
        return packet;
    }

    private static byte[] data(DatagramPacket packet) {
        return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    private static String text(DatagramPacket packet) {
        return new String(data(packet), StandardCharsets.UTF_8);
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }

    private static InetSocketAddress broadcast() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
    }

    private static int timeoutMillis() {
        return (int) (LoopRunner.TIMEOUT_SECONDS * 1000);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        return data;
    }
}
