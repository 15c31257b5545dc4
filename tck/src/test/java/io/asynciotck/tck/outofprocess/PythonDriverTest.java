package io.asynciotck.tck.outofprocess;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.SubprocessSpec.Stdio;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.peer.PeerDatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The out-of-process driver with the real Python driver (../drivers/python/asyncio_driver.py) on
 * CPython's asyncio, against plain JDK sockets. Skipped when {@code python3} cannot run it.
 */
class PythonDriverTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(100));
    private ProcessDriver driver;
    private EventLog log;
    private DriverSession session;
    private ServerSocket peerListener;

    @BeforeEach
    void openSession() throws IOException {
        driver = new ProcessDriver(PythonDriver.command(), TIMEOUTS);
        log = new EventLog(TIMEOUTS);
        session = driver.openSession(log);
        peerListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void closeAll() throws IOException {
        if (driver == null) {
            return;
        }
        try {
            driver.close();
        } finally {
            peerListener.close();
        }
        Leaks.assertNone();
    }

    @Test
    void theHelloDescribesCPythonsAsyncio() {
        assertThat(driver.implementationName()).matches("asyncio-(cpython|pypy)-3\\.\\d+");
        assertThat(driver.runtime()).matches("(cpython|pypy)-3\\.\\d+\\.\\d+").startsWith(driver.implementationName().substring("asyncio-".length()));
        assertThat(driver.capabilities()).contains("tcp", "udp");
        assertThat(driver.description()).contains("asyncio");
    }

    @Test
    void aConnectionRoundTripWithAJdkPeer() throws IOException {
        Script echo = Script.PASSIVE
                .withReaction(new Reaction("data_received", 1, List.of(Call.of("write", Values.Placeholder.RECEIVED_DATA))))
                .withProbe(Call.of("get_write_buffer_size"));
        Outcome created = session.createConnection("127.0.0.1", peerListener.getLocalPort(), echo);
        assertThat(created).isEqualTo(Outcome.ok("c1"));
        try (Socket peer = peerListener.accept()) {
            peer.setSoTimeout((int) TIMEOUTS.arrival().toMillis());
            Event made = log.awaitCallback("c1", "connection_made");
            assertThat(made.seq()).isEqualTo(1);
            assertThat(made.concurrent()).isFalse();
            assertThat(made.probes()).containsEntry("get_write_buffer_size()", 0L);

            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            assertThat(session.invoke("c1", Call.of("write", all))).isEqualTo(Outcome.ok(null));
            assertThat(peer.getInputStream().readNBytes(all.length)).isEqualTo(all);

            peer.getOutputStream().write(new byte[] {'h', 'i'});
            Event received = log.awaitCallback("c1", "data_received");
            assertThat((byte[]) received.arg(0)).containsExactly('h', 'i');
            log.await("the echo's outcome", e -> e.seq() == received.seq() && !e.reactions().isEmpty());
            assertThat(peer.getInputStream().readNBytes(2)).containsExactly('h', 'i');

            assertThat(session.invoke("c1", Call.of("get_extra_info", "peername")))
                    .isEqualTo(Outcome.ok(new Values.Address("127.0.0.1", peer.getLocalPort())));
            assertThat(session.invoke("c1", Call.of("no_such_method")).error().kind()).isEqualTo(ErrorKind.OTHER);

            assertThat(session.invoke("c1", Call.of("close"))).isEqualTo(Outcome.ok(null));
            Event lost = log.awaitCallback("c1", "connection_lost");
            assertThat(lost.args()).containsExactly((Object) null);
            assertThat(readToEnd(peer.getInputStream())).isEmpty();
        }
        assertThatThrownBy(() -> session.invoke("c9", Call.of("close"))).isInstanceOf(DriverException.class)
                .hasMessageContaining("UnknownTarget");
    }

    @Test
    void aDatagramRoundTripWithThePeer() {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
        Script echo = Script.PASSIVE.withReaction(new Reaction("datagram_received", 1, List.of(
                Call.of("sendto", Values.Placeholder.RECEIVED_DATA, Values.Placeholder.RECEIVED_ADDRESS))));
        try (PeerDatagramSocket peer = PeerDatagramSocket.open(log)) {
            assertThat(session.createDatagramEndpoint(new Values.Address("127.0.0.1", 0), null, echo))
                    .isEqualTo(Outcome.ok("c1"));
            Values.Address endpoint = (Values.Address) session.invoke("c1", Call.of("get_extra_info", "sockname")).value();

            peer.send(ping, endpoint);
            Event received = log.awaitCallback("c1", "datagram_received");
            assertThat((byte[]) received.arg(0)).isEqualTo(ping);
            assertThat(received.arg(1)).isEqualTo(peer.address());
            assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(ping, endpoint));

            assertThat(session.invoke("c1", Call.of("sendto", pong, peer.address()))).isEqualTo(Outcome.ok(null));
            assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(pong, endpoint));
            session.close();
            assertThat(log.awaitCallback("c1", "connection_lost").args()).containsExactly((Object) null);
        }
    }

    @Test
    void errorReceivedOnAnEndpointConnectedToAClosedPort() {
        Values.Address nobody = new Values.Address("127.0.0.1", PeerDatagramSocket.closedPort());
        assertThat(session.createDatagramEndpoint(null, nobody, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));

        assertThat(session.invoke("c1", Call.of("sendto", new byte[] {1}, null))).isEqualTo(Outcome.ok(null));

        assertThat(log.awaitCallback("c1", "error_received").arg(0)).isInstanceOfSatisfying(Values.ExceptionInfo.class,
                error -> assertThat(error.kind()).isEqualTo(ErrorKind.OS_ERROR));
    }

    @Test
    void aReadPipeAndAWritePipeWithTheTcksEndsOpenedByPath() throws IOException {
        PipeConnection<WritableByteChannel> read = session.connectReadPipe(Script.PASSIVE);
        assertThat(read.outcome()).isEqualTo(Outcome.ok("c1"));
        try (WritableByteChannel tckEnd = read.peerEnd()) {
            tckEnd.write(ByteBuffer.wrap("in".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(log.await("connection_lost of c1", e -> e.is("c1", "connection_lost")).arg(0)).isNull();
        assertThat(log.snapshot()).filteredOn(e -> e.is("c1", "data_received"))
                .extracting(e -> new String((byte[]) e.arg(0), StandardCharsets.US_ASCII)).containsExactly("in");

        PipeConnection<ReadableByteChannel> write = session.connectWritePipe(Script.PASSIVE);
        assertThat(write.outcome()).isEqualTo(Outcome.ok("c2"));
        try (ReadableByteChannel tckEnd = write.peerEnd()) {
            session.invokeAll("c2", List.of(Call.of("write", "out".getBytes(StandardCharsets.US_ASCII)), Call.of("close")));
            ByteBuffer got = ByteBuffer.allocate(16);
            while (tckEnd.read(got) >= 0) {
                // to the end of the stream
            }
            assertThat(new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII)).isEqualTo("out");
        }
    }

    @Test
    void noChildProcessRemainsAfterClose() {
        assertThat(ProcessHandle.current().children().count()).isEqualTo(1);
        session.close();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static Values.SubprocessSpec exec(Stdio stdin, Stdio stdout, String... args) {
        return new Values.SubprocessSpec(false, List.of(args), stdin, stdout, Stdio.DEVNULL);
    }

    @Test
    void theHelloOffersSubprocesses() {
        assertThat(driver.capabilities()).contains("subprocess");
    }

    @Test
    void aSubprocessExecRoundTrip() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.PIPE, "printf", "hello"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        log.awaitCallback("c1", "connection_lost");
        List<Event> events = log.of("c1");
        assertThat(events.get(0).callback()).isEqualTo("connection_made");
        assertThat(events.get(events.size() - 1).callback()).isEqualTo("connection_lost");
        Event data = log.awaitCallback("c1", "pipe_data_received");
        assertThat(data.arg(0)).isEqualTo(1L);
        assertThat((byte[]) data.arg(1)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(log.awaitCallback("c1", "pipe_connection_lost").args()).containsExactly(1L, null);
        assertThat(events).filteredOn(e -> e.callback().equals("process_exited")).hasSize(1);
        assertThat(session.invokeAll("c1", List.of(Call.of("get_returncode"), Call.of("get_pipe_transport", 3L))))
                .containsExactly(Outcome.ok(0L), Outcome.ok(null));
    }

    @Test
    void aSubprocessShellExitStatus() {
        Values.SubprocessSpec spec = new Values.SubprocessSpec(true, List.of("exit 3"), Stdio.DEVNULL, Stdio.DEVNULL,
                Stdio.DEVNULL);
        assertThat(session.createSubprocess(spec, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        log.awaitCallback("c1", "connection_lost");
        assertThat(session.invoke("c1", Call.of("get_returncode"))).isEqualTo(Outcome.ok(3L));
    }

    @Test
    void aKilledSubprocessReturnsMinusNine() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "5"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(session.invoke("c1", Call.of("kill"))).isEqualTo(Outcome.ok(null));
        log.awaitCallback("c1", "connection_lost");
        assertThat(session.invoke("c1", Call.of("get_returncode"))).isEqualTo(Outcome.ok(-9L));
    }

    @Test
    void aPipeTargetWritesToCatWhichEchoesOnStdout() {
        assertThat(session.createSubprocess(exec(Stdio.PIPE, Stdio.PIPE, "cat"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(session.invoke("c1", Call.of("get_pipe_transport", 0L))).isEqualTo(Outcome.ok("c1/0"));
        assertThat(session.invokeAll("c1/0", List.of(Call.of("write", "ping".getBytes(StandardCharsets.US_ASCII)),
                Call.of("write_eof")))).containsExactly(Outcome.ok(null), Outcome.ok(null));
        log.awaitCallback("c1", "connection_lost");
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        log.of("c1").stream().filter(e -> e.callback().equals("pipe_data_received") && e.arg(0).equals(1L))
                .forEach(e -> echoed.writeBytes((byte[]) e.arg(1)));
        assertThat(echoed.toString(StandardCharsets.US_ASCII)).isEqualTo("ping");
    }

    @Test
    void stdinNotPipedHasNoPipeTransport() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "5"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(session.invoke("c1", Call.of("get_pipe_transport", 0L))).isEqualTo(Outcome.ok(null));
    }

    @Test
    void noSubprocessRemainsAfterClose() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "30"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        long pid = (Long) session.invoke("c1", Call.of("get_pid")).value();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();
        session.close();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        in.transferTo(rest);
        return rest.toByteArray();
    }
}
