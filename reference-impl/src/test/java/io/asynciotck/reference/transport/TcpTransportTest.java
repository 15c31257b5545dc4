package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Files;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.asynciotck.reference.transport.LoopRunner.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** End-to-end tests of the TCP transport and server, with plain JDK sockets as the peer. */
class TcpTransportTest {

    /** Small socket buffers on both sides, so that writes of a few hundred KiB end up buffered. */
    private static final int SMALL_BUFFER = 8 * 1024;
    private static final int LARGE = 1024 * 1024;

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

    // ---- connections and servers

    @Test
    void echoServerServesEachConnectionWithItsOwnProtocol() throws Exception {
        List<RecordingProtocol> protocols = new ArrayList<>();
        Server server = await(runner.loop.createServer(() -> {
            RecordingProtocol echo = new RecordingProtocol() {
                @Override
                void onData(byte[] data) {
                    transport.write(data);
                }
            };
            protocols.add(echo);
            return echo;
        }, "127.0.0.1", 0));
        InetSocketAddress address = runner.call(() -> server.addresses().get(0));
        assertThat(address.getPort()).isPositive();
        assertThat(runner.call(server::isServing)).isTrue();

        for (int i = 0; i < 3; i++) {
            try (Socket client = new Socket(address.getAddress(), address.getPort())) {
                client.setSoTimeout(timeoutMillis());
                byte[] message = ("hello " + i).getBytes(StandardCharsets.UTF_8);
                client.getOutputStream().write(message);
                assertThat(client.getInputStream().readNBytes(message.length)).isEqualTo(message);
                client.shutdownOutput();
                assertThat(client.getInputStream().read()).as("EOF after the server closed").isEqualTo(-1);
            }
        }
        assertThat(runner.call(() -> protocols.size())).isEqualTo(3);
        for (RecordingProtocol protocol : protocols) {
            assertThat(await(protocol.lost)).isNull();
            assertThat(protocol.distinctEvents()).containsExactly("made", "data", "eof", "lost");
            assertThat(protocol.violations()).isEmpty();
        }
        runner.run(server::close);
    }

    @Test
    void createConnectionCompletesAfterConnectionMadeAndReportsExtraInfo() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        CompletableFuture<Boolean> madeFirst = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Connection<StreamTransport, RecordingProtocol>>> connecting = new CompletableFuture<>();
        connecting.complete(runner.loop.createConnection(() -> {
            // The factory runs on the loop thread before the future completes: a dependent registered
            // here runs where the future completes. (Waits the moment the test thread needs to publish it.)
            connecting.join().thenRun(() -> madeFirst.complete(protocol.made.isDone() && runner.loop.inLoopThread()));
            return protocol;
        }, "127.0.0.1", listener.getLocalPort()));
        // madeFirst before the future itself: a thread waiting on a future may run its dependents when
        // it wakes (the JDK's postComplete), which would run the check off the loop thread
        assertThat(await(madeFirst)).isTrue();
        Connection<StreamTransport, RecordingProtocol> connection = await(connecting.join());
        Socket peer = accept(listener);
        assertThat(connection.protocol()).isSameAs(protocol);
        StreamTransport transport = connection.transport();
        assertThat(await(protocol.made)).isSameAs(transport);

        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME))).isEqualTo(peer.getLocalSocketAddress());
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKNAME))).isEqualTo(peer.getRemoteSocketAddress());
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.SOCKET))).isInstanceOf(SocketChannel.class);
        assertThat(runner.call(() -> transport.getExtraInfo("nonexistent", "default"))).isEqualTo("default");
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.CIPHER))).isNull();
        assertThat(runner.call(transport::canWriteEof)).isTrue();
        assertThatThrownBy(() -> runner.call(() -> transport.getExtraInfo(null)))
                .hasCauseInstanceOf(NullPointerException.class);

        runner.run(transport::close);
        assertThat(await(protocol.lost)).isNull();
        assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERNAME)))
                .as("peername still readable after the loss").isEqualTo(peer.getLocalSocketAddress());
    }

    @Test
    void createConnectionWrapsAConnectedSocketChannel() throws Exception {
        ServerSocket listener = listen();
        SocketChannel sock = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        Socket peer = accept(listener);
        RecordingProtocol protocol = new RecordingProtocol();
        Connection<StreamTransport, RecordingProtocol> connection = await(runner.loop.createConnection(() -> protocol, sock));
        assertThat(sock.isBlocking()).isFalse();
        assertThat(connection.transport().getExtraInfo(ExtraInfo.SOCKET)).isSameAs(sock);
        peer.getOutputStream().write(new byte[] {1, 2, 3});
        assertThat(protocol.awaitReceived(3)).containsExactly(1, 2, 3);
        peer.close();
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.distinctEvents()).containsExactly("made", "data", "eof", "lost");
    }

    @Test
    void refusedConnectionFailsTheFutureWithoutCallingTheFactory() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        AtomicBoolean factoryCalled = new AtomicBoolean();
        CompletableFuture<?> connecting = runner.loop.createConnection(() -> {
            factoryCalled.set(true);
            return new RecordingProtocol();
        }, "127.0.0.1", port);
        assertThatThrownBy(() -> await(connecting)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(factoryCalled).isFalse();
    }

    @Test
    void invalidArgumentsFailTheFuture() throws Exception {
        ReferenceEventLoop loop = runner.loop;
        assertFailsWith(loop.createConnection(null, "127.0.0.1", 80), NullPointerException.class);
        assertFailsWith(loop.createConnection(RecordingProtocol::new, (String) null, 80), NullPointerException.class);
        assertFailsWith(loop.createConnection(RecordingProtocol::new, "127.0.0.1", -1), IllegalArgumentException.class);
        assertFailsWith(loop.createConnection(RecordingProtocol::new, "127.0.0.1", 65536), IllegalArgumentException.class);
        assertFailsWith(loop.createConnection(RecordingProtocol::new, (SocketChannel) null), NullPointerException.class);
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertFailsWith(loop.createConnection(RecordingProtocol::new, unconnected), IllegalArgumentException.class);
        }
        assertFailsWith(loop.createServer(null, "127.0.0.1", 0), NullPointerException.class);
        assertFailsWith(loop.createServer(RecordingProtocol::new, "127.0.0.1", 70000), IllegalArgumentException.class);
        assertFailsWith(loop.createConnection(RecordingProtocol::new, "no-such-host.invalid", 80), IOException.class);

        ServerSocket listener = listen();
        assertFailsWith(loop.createConnection(() -> null, "127.0.0.1", listener.getLocalPort()), NullPointerException.class);
        IllegalStateException boom = new IllegalStateException("factory failed");
        CompletableFuture<?> failing = loop.createConnection(() -> {
            throw boom;
        }, "127.0.0.1", listener.getLocalPort());
        assertThatThrownBy(() -> await(failing)).hasCause(boom);
    }

    /**
     * The backlog reaches listen(2): Linux's {@code ss} shows a listening socket's backlog as its Send-Q
     * (asyncio's default, 100, without one). Skipped where {@code ss} is missing.
     */
    @Test
    void theServersBacklogIsItsListenQueuesLength() throws Exception {
        Server server = await(runner.loop.createServer(RecordingProtocol::new, "127.0.0.1", 0, 7));
        Server byDefault = await(runner.loop.createServer(RecordingProtocol::new, "127.0.0.1", 0));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")), "no ss to read listen queues");

        assertThat(listenBacklog(runner.call(() -> server.addresses().get(0).getPort()))).isEqualTo(7);
        assertThat(listenBacklog(runner.call(() -> byDefault.addresses().get(0).getPort()))).isEqualTo(EventLoop.DEFAULT_BACKLOG);
        assertFailsWith(runner.loop.createServer(RecordingProtocol::new, "127.0.0.1", 0, 0), IllegalArgumentException.class);
        runner.call(() -> {
            server.close();
            byDefault.close();
            return null;
        });
    }

    /** The Send-Q that {@code ss -ltnH} shows for the socket listening on {@code port}. */
    private static int listenBacklog(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String line = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        ss.waitFor();
        String[] fields = line.split("\\s+");
        assertThat(fields).as("ss output: " + line).hasSizeGreaterThan(2);
        return Integer.parseInt(fields[2]);
    }

    @Test
    void closedServerStopsAcceptingButKeepsItsConnections() throws Exception {
        RecordingProtocol accepted = new RecordingProtocol();
        Server server = await(runner.loop.createServer(() -> accepted, "127.0.0.1", 0));
        InetSocketAddress address = runner.call(() -> server.addresses().get(0));
        Socket client = new Socket(address.getAddress(), address.getPort());
        toClose.add(client);
        client.setSoTimeout(timeoutMillis());
        StreamTransport transport = await(accepted.made);

        runner.run(server::close);
        await(server.waitClosed());
        assertThat(runner.call(server::isServing)).isFalse();
        assertThat(runner.call(server::addresses)).isEmpty();
        runner.run(server::close); // idempotent
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);

        runner.run(() -> transport.write("still open".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(client.getInputStream().readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("still open");
    }

    @Test
    void aFailingServerFactoryIsReportedAndTheConnectionClosed() throws Exception {
        IllegalStateException boom = new IllegalStateException("factory failed");
        Server server = await(runner.loop.createServer(() -> {
            throw boom;
        }, "127.0.0.1", 0));
        InetSocketAddress address = runner.call(() -> server.addresses().get(0));
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(timeoutMillis());
            assertThat(readUntilEofOrReset(client)).isEmpty();
        }
        assertThat(runner.call(() -> List.copyOf(runner.reported))).extracting(ExceptionContext::exception).containsExactly(boom);
        assertThat(runner.call(server::isServing)).isTrue();
        runner.run(server::close);
        await(server.waitClosed());
    }

    // ---- closing

    @Test
    void closeFlushesTheBufferThenCallsConnectionLost() throws Exception {
        ServerSocket listener = listen();
        byte[] payload = pattern(LARGE);
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        List<String> afterClose = runner.call(() -> {
            transport.write(payload);
            long buffered = transport.getWriteBufferSize();
            transport.close();
            transport.close(); // idempotent
            transport.write(new byte[] {1}); // dropped
            return List.of("buffered=" + (buffered > 0), "lost=" + protocol.lost.isDone());
        });
        assertThat(afterClose).containsExactly("buffered=true", "lost=false");
        assertThat(peer.getInputStream().readAllBytes()).isEqualTo(payload);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.events()).endsWith("lost").doesNotContain("data", "eof");
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void closeWithAnEmptyBufferSchedulesConnectionLost() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        assertThat(runner.call(() -> {
            transport.close();
            return protocol.lost.isDone();
        })).as("connectionLost called inside close()").isFalse();
        assertThat(await(protocol.lost)).isNull();
        assertThat(peer.getInputStream().read()).isEqualTo(-1);
        assertThat(protocol.events()).containsExactly("made", "lost");
    }

    @Test
    void abortDropsTheBuffer() throws Exception {
        ServerSocket listener = listen();
        byte[] payload = pattern(LARGE);
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        List<Object> afterAbort = runner.call(() -> {
            transport.write(payload);
            boolean buffered = transport.getWriteBufferSize() > 0;
            transport.abort();
            transport.abort();
            transport.close();
            return List.of(buffered, transport.getWriteBufferSize(), protocol.lost.isDone());
        });
        assertThat(afterAbort).containsExactly(true, 0L, false);
        assertThat(await(protocol.lost)).isNull();
        assertThat(readUntilEofOrReset(peer).length).isLessThan(payload.length);
        assertThat(protocol.events()).containsExactly("made", "pause", "lost");
    }

    @Test
    void peerResetCallsConnectionLostWithTheException() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        connect(listener, protocol);
        Socket peer = accept(listener);
        peer.setSoLinger(true, 0);
        peer.close(); // RST
        assertThat(await(protocol.lost)).isInstanceOf(IOException.class);
        assertThat(protocol.events()).containsExactly("made", "lost");
    }

    @Test
    void writingToAResetPeerCallsConnectionLostWithTheException() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            void onMade(StreamTransport transport) {
                transport.pauseReading(); // the reset is only seen by writing
            }
        };
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        peer.setSoLinger(true, 0);
        peer.close();
        for (int i = 0; i < 100 && !protocol.lost.isDone(); i++) {
            runner.run(() -> transport.write(new byte[64 * 1024]));
        }
        assertThat(await(protocol.lost)).isInstanceOf(IOException.class);
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();
        runner.run(() -> transport.write(new byte[] {1})); // dropped silently
        assertThat(protocol.events()).endsWith("lost").containsOnlyOnce("lost");
    }

    // ---- half-close

    @Test
    void writeEofHalfClosesAfterFlushingAndReadingGoesOn() throws Exception {
        ServerSocket listener = listen();
        byte[] payload = pattern(LARGE);
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        runner.run(() -> {
            transport.write(payload);
            transport.writeEof();
            transport.writeEof(); // no effect
        });
        assertThatThrownBy(() -> runner.call(() -> {
            transport.write(new byte[] {1});
            return null;
        })).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> runner.call(() -> {
            transport.writelines(List.of(new byte[] {1}));
            return null;
        })).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(peer.getInputStream().readAllBytes()).isEqualTo(payload);

        peer.getOutputStream().write("pong".getBytes(StandardCharsets.UTF_8));
        assertThat(protocol.awaitReceived(4)).isEqualTo("pong".getBytes(StandardCharsets.UTF_8));
        peer.shutdownOutput();
        assertThat(await(protocol.lost)).as("eofReceived returned false: the transport closes").isNull();
        assertThat(protocol.distinctEvents()).containsExactly("made", "pause", "resume", "data", "eof", "lost");
    }

    @Test
    void eofReceivedReturningTrueKeepsTheTransportOpenForWriting() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            boolean onEof() {
                transport.write("still here".getBytes(StandardCharsets.UTF_8));
                return true;
            }
        };
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        peer.setSoTimeout(timeoutMillis());
        peer.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
        peer.shutdownOutput();
        await(protocol.eof);
        assertThat(new String(peer.getInputStream().readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("still here");
        runner.run(() -> transport.write(" and more".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(peer.getInputStream().readNBytes(9), StandardCharsets.UTF_8)).isEqualTo(" and more");
        assertThat(protocol.lost).isNotDone();
        runner.run(transport::close);
        assertThat(peer.getInputStream().read()).isEqualTo(-1);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.distinctEvents()).containsExactly("made", "data", "eof", "lost");
        assertThat(protocol.received()).isEqualTo("bye".getBytes(StandardCharsets.UTF_8));
    }

    // ---- writing

    @Test
    void writeValidatesAndIgnoresEmptyData() throws Exception {
        ServerSocket listener = listen();
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        assertThatThrownBy(() -> runner.call(() -> {
            transport.write((byte[]) null);
            return null;
        })).hasCauseInstanceOf(NullPointerException.class);
        runner.run(() -> {
            transport.write(new byte[0]);
            transport.write("ab".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(peer.getInputStream().readNBytes(2)).isEqualTo("ab".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writelinesAcceptsAnyIterableAndRejectsNullElementsWritingNothing() throws Exception {
        ServerSocket listener = listen();
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        Iterator<byte[]> oneShot = List.of(bytes("a"), new byte[0], bytes("b")).iterator();
        Iterable<byte[]> lazy = () -> oneShot;
        runner.run(() -> transport.writelines(lazy));
        runner.run(() -> transport.writelines(new ArrayDeque<>(List.of(bytes("c"), bytes("d")))));
        assertThatThrownBy(() -> runner.call(() -> {
            transport.writelines(Arrays.asList(bytes("X"), null, bytes("Y")));
            return null;
        })).hasCauseInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> runner.call(() -> {
            transport.writelines(null);
            return null;
        })).hasCauseInstanceOf(NullPointerException.class);
        runner.run(() -> transport.writelines(List.of()));
        runner.run(() -> transport.write(bytes("e")));
        assertThat(new String(peer.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("abcde");
    }

    @Test
    void writelinesBehindABufferAppendsInOrder() throws Exception {
        ServerSocket listener = listen();
        byte[] big = pattern(LARGE);
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(bytes("line " + i + "\n"));
        }
        long[] sizes = runner.call(() -> {
            transport.write(big);
            long before = transport.getWriteBufferSize();
            transport.writelines(lines);
            return new long[] {before, transport.getWriteBufferSize()};
        });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(big);
        lines.forEach(expected::writeBytes);
        assertThat(sizes[0]).isPositive();
        assertThat(sizes[1] - sizes[0]).isEqualTo(expected.size() - big.length);
        assertThat(peer.getInputStream().readNBytes(expected.size())).isEqualTo(expected.toByteArray());
    }

    @Test
    void writeCopiesWhatItBuffersSoThatTheCallerMayChangeTheArrayAtOnce() throws Exception {
        ServerSocket listener = listen();
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        byte[] payload = pattern(LARGE);
        byte[] reused = payload.clone();
        long buffered = runner.call(() -> {
            transport.write(reused);
            Arrays.fill(reused, (byte) 0);
            transport.writelines(List.of(reused)); // the same array again, zeros this time
            Arrays.fill(reused, (byte) 1);
            return transport.getWriteBufferSize();
        });
        assertThat(buffered).as("the socket took only part: the rest was buffered").isGreaterThan(LARGE);
        assertThat(peer.getInputStream().readNBytes(LARGE)).isEqualTo(payload);
        assertThat(peer.getInputStream().readNBytes(LARGE)).isEqualTo(new byte[LARGE]);
    }

    @Test
    void writeOfAByteBufferTakesItsBytesBeforeReturningDirectOrHeap() throws Exception {
        ServerSocket listener = listen();
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        byte[] payload = pattern(LARGE);
        ByteBuffer direct = ByteBuffer.allocateDirect(LARGE).put(payload).flip();
        ByteBuffer heap = ByteBuffer.wrap(payload.clone(), 10, LARGE - 20);
        int[] positions = runner.call(() -> {
            transport.write(direct);
            transport.write(heap);
            int[] after = {direct.position(), direct.limit(), heap.position(), heap.limit()};
            direct.clear().put(new byte[LARGE]);
            Arrays.fill(heap.array(), (byte) 0);
            return after;
        });
        assertThat(positions).containsExactly(LARGE, LARGE, LARGE - 10, LARGE - 10);
        assertThat(peer.getInputStream().readNBytes(LARGE)).isEqualTo(payload);
        assertThat(peer.getInputStream().readNBytes(LARGE - 20)).isEqualTo(Arrays.copyOfRange(payload, 10, LARGE - 10));
    }

    @Test
    void aProtocolThatTakesTheBufferGetsTheLoopsBufferAndTheSameBytes() throws Exception {
        ServerSocket listener = listen();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Boolean> direct = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                direct.add(data.isDirect());
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                synchronized (received) {
                    received.writeBytes(chunk);
                }
            }
        };
        connect(listener, protocol);
        Socket peer = accept(listener);
        byte[] payload = pattern(LARGE);
        peer.getOutputStream().write(payload);
        assertThat(waitFor(() -> {
            synchronized (received) {
                return received.size() == LARGE;
            }
        })).isTrue();
        assertThat(received.toByteArray()).isEqualTo(payload);
        assertThat(direct).isNotEmpty().containsOnly(true);
        assertThat(protocol.events()).containsExactly("made"); // dataReceived(byte[]) was not called
    }

    @Test
    void flowControlPausesInsideWriteAndResumesOnceDrained() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        byte[] payload = pattern(LARGE);
        List<String> duringWrite = runner.call(() -> {
            transport.setWriteBufferLimits(4096L, 1024L);
            transport.write(payload);
            List<String> events = protocol.events();
            transport.write(payload); // already paused: no second pauseWriting
            return events;
        });
        assertThat(duringWrite).containsExactly("made", "pause");
        assertThat(peer.getInputStream().readNBytes(2 * payload.length)).hasSize(2 * payload.length);
        assertThat(waitFor(() -> protocol.events().contains("resume"))).isTrue();
        assertThat(runner.call(transport::getWriteBufferSize)).isZero();
        assertThat(protocol.events()).containsExactly("made", "pause", "resume");
    }

    @Test
    void loweringTheHighWaterMarkPausesAtOnce() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        accept(listener);
        List<List<String>> events = runner.call(() -> {
            transport.setWriteBufferLimits(10L * LARGE);
            transport.write(pattern(LARGE));
            List<String> beforeLowering = protocol.events();
            transport.setWriteBufferLimits(0L, null);
            return List.of(beforeLowering, protocol.events());
        });
        assertThat(events.get(0)).containsExactly("made");
        assertThat(events.get(1)).containsExactly("made", "pause");
        assertThat(runner.call(transport::getWriteBufferLimits).high()).isZero();
        assertThatThrownBy(() -> runner.call(() -> {
            transport.setWriteBufferLimits(10L, 20L);
            return null;
        })).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionsFromPauseWritingAreReportedAndTheTransportStaysOpen() throws Exception {
        ServerSocket listener = listen();
        IllegalStateException boom = new IllegalStateException("pause failed");
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            void onPause() {
                throw boom;
            }
        };
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        runner.run(() -> {
            transport.setWriteBufferLimits(1024L);
            transport.write(pattern(LARGE));
        });
        assertThat(peer.getInputStream().readNBytes(LARGE)).hasSize(LARGE);
        assertThat(runner.reported).extracting(ExceptionContext::exception).containsExactly(boom);
        assertThat(protocol.lost).isNotDone();
    }

    // ---- reading

    @Test
    void pauseReadingStopsDataUntilResumed() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        runner.run(() -> {
            transport.pauseReading();
            transport.pauseReading(); // idempotent
        });
        peer.getOutputStream().write(bytes("abc"));
        // Give the loop a chance to (wrongly) deliver the data while paused.
        CompletableFuture<List<String>> whilePaused = new CompletableFuture<>();
        runner.loop.callLater(Duration.ofMillis(50), () -> whilePaused.complete(protocol.events()));
        assertThat(await(whilePaused)).containsExactly("made");
        runner.run(() -> {
            transport.resumeReading();
            transport.resumeReading(); // idempotent
        });
        assertThat(protocol.awaitReceived(3)).isEqualTo(bytes("abc"));
        runner.run(() -> {
            transport.close();
            transport.pauseReading(); // no effect once closing
            transport.resumeReading();
        });
        assertThat(await(protocol.lost)).isNull();
    }

    @Test
    void largeTransfersArriveInOrder() throws Exception {
        ServerSocket listener = listen();
        RecordingProtocol protocol = new RecordingProtocol();
        connect(listener, protocol);
        Socket peer = accept(listener);
        byte[] payload = pattern(4 * LARGE);
        peer.getOutputStream().write(payload);
        peer.shutdownOutput();
        assertThat(protocol.awaitReceived(payload.length)).isEqualTo(payload);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.violations()).isEmpty();
    }

    // ---- exceptions from protocol callbacks

    @Test
    void anExceptionInDataReceivedIsReportedAndClosesTheConnectionWithIt() throws Exception {
        ServerSocket listener = listen();
        IllegalStateException boom = new IllegalStateException("dataReceived failed");
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            void onData(byte[] data) {
                throw boom;
            }
        };
        StreamTransport transport = connect(listener, protocol);
        Socket peer = accept(listener);
        peer.getOutputStream().write(bytes("x"));
        assertThat(await(protocol.lost)).isSameAs(boom);
        assertThat(peer.getInputStream().read()).isEqualTo(-1);
        assertThat(runner.reported).hasSize(1);
        ExceptionContext context = runner.reported.get(0);
        assertThat(context.exception()).isSameAs(boom);
        assertThat(context.transport()).isSameAs(transport);
        assertThat(context.protocol()).isSameAs(protocol);
        assertThat(protocol.events()).containsExactly("made", "data", "lost");
    }

    @Test
    void anExceptionInConnectionMadeClosesTheConnectionButTheFutureCompletes() throws Exception {
        ServerSocket listener = listen();
        IllegalStateException boom = new IllegalStateException("connectionMade failed");
        RecordingProtocol protocol = new RecordingProtocol() {
            @Override
            void onMade(StreamTransport transport) {
                throw boom;
            }
        };
        Connection<StreamTransport, RecordingProtocol> connection =
                await(runner.loop.createConnection(() -> protocol, "127.0.0.1", listener.getLocalPort()));
        assertThat(connection.protocol()).isSameAs(protocol);
        assertThat(await(protocol.lost)).isSameAs(boom);
        assertThat(runner.reported).extracting(ExceptionContext::exception).containsExactly(boom);
        assertThat(protocol.events()).containsExactly("made", "lost");
    }

    // ---- the loop's close

    @Test
    void closingTheLoopAbortsOpenTransportsAndRefusesNewConnections() throws Exception {
        ServerSocket listener = listen();
        StreamTransport transport = connect(listener, new RecordingProtocol());
        Socket peer = accept(listener);
        runner.close();
        assertThat(((SocketChannel) transport.getExtraInfo(ExtraInfo.SOCKET)).isOpen()).isFalse();
        assertThat(readUntilEofOrReset(peer)).isEmpty();
        assertFailsWith(runner.loop.createConnection(RecordingProtocol::new, "127.0.0.1", listener.getLocalPort()),
                IllegalStateException.class);
        assertThatThrownBy(() -> runner.loop.callSoon(() -> { })).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers

    private StreamTransport connect(ServerSocket listener, RecordingProtocol protocol) throws Exception {
        StreamTransport transport = await(runner.loop.createConnection(() -> protocol, "127.0.0.1", listener.getLocalPort()))
                .transport();
        runner.run(() -> {
            try {
                ((SocketChannel) transport.getExtraInfo(ExtraInfo.SOCKET)).setOption(StandardSocketOptions.SO_SNDBUF, SMALL_BUFFER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return transport;
    }

    private ServerSocket listen() throws IOException {
        ServerSocket listener = new ServerSocket();
        toClose.add(listener);
        listener.setReceiveBufferSize(SMALL_BUFFER);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.setSoTimeout(timeoutMillis());
        return listener;
    }

    private Socket accept(ServerSocket listener) throws IOException {
        Socket peer = listener.accept();
        toClose.add(peer);
        peer.setSoTimeout(timeoutMillis());
        return peer;
    }

    private static byte[] readUntilEofOrReset(Socket peer) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        InputStream in = peer.getInputStream();
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                read.write(chunk, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset also ends the stream
        }
        return read.toByteArray();
    }

    private boolean waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            runner.run(() -> { }); // one trip through the loop
        }
        return condition.getAsBoolean();
    }

    private static void assertFailsWith(CompletableFuture<?> future, Class<? extends Throwable> type) {
        assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(type);
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
