package io.asynciotck.tck.inprocess;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.ExceptionInfo;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.peer.PeerDatagramSocket;
import io.asynciotck.tck.peer.PeerListener;
import io.asynciotck.tck.peer.PeerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.ByteBuffer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process driver end to end, with the reference implementation's loop and the TCK's peer. */
class InProcessSessionTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(500), Duration.ofMillis(100));
    private static final int BIG = 8 * 1024 * 1024;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private InProcessDriver driver;
    private EventLog log;
    private InProcessSession session;

    @BeforeEach
    void openSession() {
        driver = own(referenceDriver(TIMEOUTS));
        log = new EventLog(TIMEOUTS);
        session = own((InProcessSession) driver.openSession(log));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (session != null) {
            assertThat(thread(session.threadName())).isEmpty();
        }
    }

    private static InProcessDriver referenceDriver(Timeouts timeouts) {
        try {
            return InProcessDriver.load("reference", InProcessSessionTest.class.getClassLoader(), timeouts);
        } catch (IllegalArgumentException notThere) {
            return Assumptions.abort("the reference implementation is not on the class path: " + notThere.getMessage());
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).findAny();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Connects the implementation to a new peer listener; returns the peer's end. */
    private PeerSocket connectToPeer(Script script, int peerReceiveBuffer) {
        PeerListener listener = own(PeerListener.open(peerReceiveBuffer, log));
        assertThat(session.createConnection(listener.host(), listener.port(), script)).isEqualTo(Outcome.ok("c1"));
        return listener.accept();
    }

    /** The data {@code data_received} delivered on {@code target}, concatenated, once there are {@code n} bytes. */
    private byte[] received(String target, int n) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long after = 0;
        while (all.size() < n) {
            Event event = log.awaitFrom(after, n + " bytes on " + target, e -> e.is(target, "data_received"));
            all.writeBytes((byte[]) event.arg(0));
            after = event.seq();
        }
        return all.toByteArray();
    }

    private Event completed(String target, String callback) {
        return log.await(callback + " on " + target + " to complete",
                e -> e.is(target, callback) && (e.returned() != null || !e.reactions().isEmpty()));
    }

    @Test
    void describesTheImplementation() {
        assertThat(driver.implementationName()).isEqualTo("reference");
        assertThat(driver.capabilities()).contains("tcp").allMatch(name -> name.equals(name.toLowerCase()));
    }

    @Test
    void recordsConnectionMadeAndDataReceivedOnTheLoopThread() {
        PeerSocket peer = connectToPeer(Script.PASSIVE, 0);

        Event made = log.awaitCallback("c1", "connection_made");
        assertThat(made.seq()).isEqualTo(1);
        assertThat(made.args()).isEmpty();
        assertThat(made.origin()).isNull();
        assertThat(made.thread()).isEqualTo(session.threadName()).startsWith("loop-reference-");
        assertThat(made.concurrent()).isFalse();

        peer.send(bytes("hello"));

        assertThat(received("c1", 5)).isEqualTo(bytes("hello"));
    }

    @Test
    void theReturnOfCreateConnectionIsNotedAfterConnectionMade() {
        connectToPeer(Script.PASSIVE, 0);

        Event made = log.awaitCallback("c1", "connection_made");
        assertThat(log.eventsBeforeReturn("c1").orElseThrow()).isGreaterThanOrEqualTo(made.seq());
    }

    @Test
    void aReadPipeDeliversWhatTheTcksEndWritesAndAWritePipeTheReverse() throws IOException {
        PipeConnection<WritableByteChannel> read = session.connectReadPipe(Script.PASSIVE);
        assertThat(read.outcome()).isEqualTo(Outcome.ok("c1"));
        try (WritableByteChannel tckEnd = read.peerEnd()) {
            tckEnd.write(ByteBuffer.wrap(bytes("in")));
        }
        assertThat(log.awaitCallback("c1", "connection_lost").arg(0)).isNull();
        assertThat(received("c1", 2)).isEqualTo(bytes("in"));

        PipeConnection<ReadableByteChannel> write = session.connectWritePipe(Script.PASSIVE);
        assertThat(write.outcome()).isEqualTo(Outcome.ok("c2"));
        try (ReadableByteChannel tckEnd = write.peerEnd()) {
            session.invokeAll("c2", List.of(Call.of("write", bytes("out")), Call.of("close")));
            ByteBuffer got = ByteBuffer.allocate(16);
            while (tckEnd.read(got) >= 0) {
                // to the end of the stream
            }
            assertThat(Arrays.copyOf(got.array(), got.position())).isEqualTo(bytes("out"));
        }
    }

    @Test
    void aReactionEchoesTheReceivedData() {
        Script echo = Script.PASSIVE.withReaction(new Reaction("data_received", 0,
                List.of(Call.of("write", Values.Placeholder.RECEIVED_DATA))));
        PeerSocket peer = connectToPeer(echo, 0);

        peer.send(bytes("ping"));

        assertThat(peer.readExactly(4)).isEqualTo(bytes("ping"));
        assertThat(completed("c1", "data_received").reactions()).containsExactly(Outcome.ok(null));
    }

    @Test
    void eofReceivedRunsTheProtocolDefaultWhenNotScripted() {
        PeerSocket peer = connectToPeer(Script.PASSIVE, 0);

        peer.shutdownOutput();

        Event eof = log.await("eof_received to return", e -> e.is("c1", "eof_received") && e.returned() != null);
        assertThat(eof.returned()).isEqualTo(false);
        assertThat(log.awaitCallback("c1", "connection_lost").args()).containsExactly((Object) null);
        assertThat(peer.readUntilEof()).isEmpty();
    }

    @Test
    void eofReceivedReturnsWhatTheScriptSays() {
        PeerSocket peer = connectToPeer(Script.PASSIVE.withEofReturns(true), 0);

        peer.shutdownOutput();

        Event eof = log.await("eof_received to return", e -> e.is("c1", "eof_received") && e.returned() != null);
        assertThat(eof.returned()).isEqualTo(true);
        log.assertNothingWithinQuietPeriod("no connection_lost", e -> e.is("c1", "connection_lost"));
        assertThat(session.invoke("c1", Call.of("write", bytes("bye")))).isEqualTo(Outcome.ok(null));
        assertThat(peer.readExactly(3)).isEqualTo(bytes("bye"));
        assertThat(session.invoke("c1", Call.of("close"))).isEqualTo(Outcome.ok(null));
        assertThat(log.awaitCallback("c1", "connection_lost").args()).containsExactly((Object) null);
        assertThat(peer.readUntilEof()).isEmpty();
    }

    @Test
    void probesAreTakenAtTheStartOfEveryCallback() {
        Script probing = Script.PASSIVE.withProbe(Call.of("get_write_buffer_size"))
                .withProbe(Call.of("get_extra_info", "peername"))
                .withProbe(Call.of("nonsense"));
        PeerListener listener = own(PeerListener.open(0, log));

        assertThat(session.createConnection(listener.host(), listener.port(), probing)).isEqualTo(Outcome.ok("c1"));

        var probes = log.awaitCallback("c1", "connection_made").probes();
        assertThat(probes).containsOnlyKeys("get_write_buffer_size()", "get_extra_info('peername')", "nonsense()");
        assertThat(probes.get("get_write_buffer_size()")).isEqualTo(0L);
        assertThat(probes.get("get_extra_info('peername')")).isEqualTo(new Values.Address("127.0.0.1", listener.port()));
        assertThat(probes.get("nonsense()")).isInstanceOfSatisfying(ExceptionInfo.class,
                error -> assertThat(error.type()).isEqualTo("UnknownMethod"));
    }

    @Test
    void invokeAllRunsTheCallsWithoutLoopIoInBetween() {
        connectToPeer(Script.PASSIVE, 4096);

        List<Outcome> outcomes = session.invokeAll("c1", List.of(
                Call.of("write", new byte[BIG]),
                Call.of("get_write_buffer_size"),
                Call.of("set_write_buffer_limits", new Values.BufferSizePlus(10)),
                Call.of("get_write_buffer_limits"),
                Call.of("get_write_buffer_size")));

        assertThat(outcomes).noneMatch(Outcome::isError);
        long size = (Long) outcomes.get(1).value();
        assertThat(size).isPositive();
        assertThat(outcomes.get(4).value()).isEqualTo(size);
        assertThat((List<?>) outcomes.get(3).value()).element(1).isEqualTo(size + 10);
    }

    @Test
    void currentThreadNamesTheThreadThatRunsTheLoopOnAnyTarget() {
        connectToPeer(Script.PASSIVE, 0);
        assertThat(session.createServer("127.0.0.1", 0, Script.PASSIVE)).isEqualTo(Outcome.ok("s1"));

        assertThat(session.invoke("c1", Call.of("current_thread"))).isEqualTo(Outcome.ok(session.threadName()));
        assertThat(session.invoke("s1", Call.of("current_thread"))).isEqualTo(Outcome.ok(session.threadName()));
    }

    @Test
    void returnedPairSaysWhetherTheCallReturnedTheTransportConnectionMadeReceived() {
        connectToPeer(Script.PASSIVE, 0);
        assertThat(session.createServer("127.0.0.1", 0, Script.PASSIVE)).isEqualTo(Outcome.ok("s1"));

        assertThat(session.invoke("c1", Call.of("returned_pair"))).isEqualTo(Outcome.ok("same"));
        assertThat(session.invoke("s1", Call.of("returned_pair"))).isEqualTo(Outcome.ok(null));
    }

    @Test
    void anErrorInOneCallDoesNotStopTheNext() {
        PeerSocket peer = connectToPeer(Script.PASSIVE, 0);

        List<Outcome> outcomes = session.invokeAll("c1", List.of(
                Call.of("write", (Object) null),
                Call.of("write", bytes("ok")),
                Call.of("frobnicate"),
                Call.of("can_write_eof")));

        assertThat(outcomes.get(0).error().kind()).isEqualTo(ErrorKind.INVALID_TYPE);
        assertThat(outcomes.get(1)).isEqualTo(Outcome.ok(null));
        assertThat(outcomes.get(2).error().type()).isEqualTo("UnknownMethod");
        assertThat(outcomes.get(3)).isEqualTo(Outcome.ok(true));
        assertThat(peer.readExactly(2)).isEqualTo(bytes("ok"));
    }

    @Test
    void writelinesTakesEveryShapeOfIterable() {
        PeerSocket peer = connectToPeer(Script.PASSIVE, 0);

        List<Outcome> outcomes = session.invokeAll("c1", List.of(
                Call.of("writelines", new Values.DataSequence(Values.DataSequence.Shape.LIST, List.of(bytes("a"), bytes("b")))),
                Call.of("writelines", new Values.DataSequence(Values.DataSequence.Shape.TUPLE, List.of(bytes("c"), bytes("d")))),
                Call.of("writelines", new Values.DataSequence(Values.DataSequence.Shape.GENERATOR, List.of(bytes("e"), bytes("f"))))));

        assertThat(outcomes).containsOnly(Outcome.ok(null));
        assertThat(peer.readExactly(6)).isEqualTo(bytes("abcdef"));
    }

    @Test
    void callbacksNestedInAReactionAreNotConcurrent() {
        Script pausing = Script.PASSIVE.withReaction(new Reaction("connection_made", 1, List.of(
                Call.of("set_write_buffer_limits", 0L),
                Call.of("write", new byte[BIG]))));
        connectToPeer(pausing, 4096);

        Event pause = log.awaitCallback("c1", "pause_writing");

        assertThat(pause.seq()).isEqualTo(2);
        assertThat(pause.concurrent()).isFalse();
        assertThat(pause.thread()).isEqualTo(session.threadName());
        Event made = completed("c1", "connection_made");
        assertThat(made.reactions()).containsExactly(Outcome.ok(null), Outcome.ok(null));
        assertThat(log.eventsWhenReturned(made.seq())).as("connection_made returned after the pause inside it").hasValue(2);
    }

    @Test
    void raiseThrowsFromTheCallbackForTheLoopToReport() {
        Script raising = Script.PASSIVE.withReaction(new Reaction("data_received", 1, List.of(Call.of("raise", "boom"))));
        PeerSocket peer = connectToPeer(raising, 0);

        peer.send(bytes("x"));

        Event reported = log.awaitCallback("loop", "exception_handler");
        ExceptionInfo boom = new ExceptionInfo(ErrorKind.OTHER, "RuntimeException", "boom");
        assertThat(reported.arg(1)).isEqualTo(boom);
        assertThat(completed("c1", "data_received").reactions()).containsExactly(Outcome.failed(boom));
    }

    @Test
    void aServerAcceptsConnectionsWhoseEventsNameIt() {
        Outcome created = session.createServer("127.0.0.1", 0, Script.PASSIVE);
        assertThat(created).isEqualTo(Outcome.ok("s1"));
        List<?> addresses = (List<?>) session.invoke("s1", Call.of("server_addresses")).value();
        assertThat(addresses).hasSize(1);
        Values.Address address = (Values.Address) addresses.get(0);

        PeerSocket client = own(PeerSocket.connect(address.host(), address.port(), 0, log));

        Event made = log.awaitCallback("c1", "connection_made");
        assertThat(made.origin()).isEqualTo("s1");
        assertThat(session.invoke("c1", Call.of("get_extra_info", "peername"))).isEqualTo(Outcome.ok(client.localAddress()));
        assertThat(session.invoke("s1", Call.of("server_close"))).isEqualTo(Outcome.ok(null));
        assertThat(session.invoke("s1", Call.of("server_wait_closed"))).isEqualTo(Outcome.ok(null));
    }

    @Test
    void createConnectionOverAPlainSocket() {
        PeerListener listener = own(PeerListener.open(0, log));

        assertThat(session.createConnectionOverSocket(listener.host(), listener.port(), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        PeerSocket peer = listener.accept();
        peer.send(bytes("over"));

        assertThat(received("c1", 4)).isEqualTo(bytes("over"));
        assertThat(session.invoke("c1", Call.of("get_extra_info", "peername"))).isEqualTo(Outcome.ok(peer.localAddress()));
    }

    @Test
    void aRefusedConnectionIsAFailedOutcomeWithoutCallbacks() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        Outcome outcome = session.createConnection("127.0.0.1", port, Script.PASSIVE);

        assertThat(outcome.isError()).isTrue();
        assertThat(outcome.error().kind()).isEqualTo(ErrorKind.OS_ERROR);
        log.assertNothingWithinQuietPeriod("no callback", e -> true);
    }

    /** Aborts the calling test while the reference implementation does not offer datagram endpoints. */
    private void assumeUdp() {
        Assumptions.assumeTrue(driver.capabilities().contains("udp"), "the reference implementation offers no udp");
    }

    private Values.Address sockname(String target) {
        return (Values.Address) session.invoke(target, Call.of("get_extra_info", "sockname")).value();
    }

    @Test
    void aDatagramEndpointEchoesToTheSenderOnTheLoopThread() {
        assumeUdp();
        PeerDatagramSocket peer = own(PeerDatagramSocket.open(log));
        Script echo = Script.PASSIVE.withReaction(new Reaction("datagram_received", 0, List.of(
                Call.of("sendto", Values.Placeholder.RECEIVED_DATA, Values.Placeholder.RECEIVED_ADDRESS))));

        assertThat(session.createDatagramEndpoint(new Values.Address("127.0.0.1", 0), null, echo))
                .isEqualTo(Outcome.ok("c1"));
        Values.Address endpoint = sockname("c1");
        peer.send(bytes("ping"), endpoint);

        Event received = log.awaitCallback("c1", "datagram_received");
        assertThat((byte[]) received.arg(0)).isEqualTo(bytes("ping"));
        assertThat(received.arg(1)).isEqualTo(peer.address());
        assertThat(received.thread()).isEqualTo(session.threadName());
        assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(bytes("ping"), endpoint));
        assertThat(completed("c1", "datagram_received").reactions()).containsExactly(Outcome.ok(null));

        assertThat(session.invoke("c1", Call.of("sendto", bytes("pong"), peer.address()))).isEqualTo(Outcome.ok(null));
        assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(bytes("pong"), endpoint));
        assertThat(session.invoke("c1", Call.of("close"))).isEqualTo(Outcome.ok(null));
        assertThat(log.awaitCallback("c1", "connection_lost").args()).containsExactly((Object) null);
    }

    @Test
    void aConnectedDatagramEndpointSendsWithoutAnAddress() {
        assumeUdp();
        PeerDatagramSocket peer = own(PeerDatagramSocket.open(log));

        assertThat(session.createDatagramEndpoint(null, peer.address(), Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));

        assertThat(session.invoke("c1", Call.of("get_extra_info", "peername"))).isEqualTo(Outcome.ok(peer.address()));
        assertThat(session.invoke("c1", Call.of("sendto", bytes("to you"), null))).isEqualTo(Outcome.ok(null));
        assertThat(peer.receive()).isEqualTo(new PeerDatagramSocket.Received(bytes("to you"), sockname("c1")));
    }

    @Test
    void aDatagramEndpointConnectedToAClosedPortReceivesAnError() {
        assumeUdp();
        Values.Address nobody = new Values.Address("127.0.0.1", PeerDatagramSocket.closedPort());
        assertThat(session.createDatagramEndpoint(null, nobody, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));

        assertThat(session.invoke("c1", Call.of("sendto", bytes("anyone?"), null))).isEqualTo(Outcome.ok(null));

        assertThat(log.awaitCallback("c1", "error_received").arg(0)).isInstanceOfSatisfying(ExceptionInfo.class,
                error -> assertThat(error.kind()).isEqualTo(ErrorKind.OS_ERROR));
    }

    @Test
    void aDatagramEndpointNeedsAnAddress() {
        assertThatThrownBy(() -> session.createDatagramEndpoint(null, null, Script.PASSIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("create_datagram_endpoint needs a local or a remote address");
    }

    @Test
    void anUnknownTargetIsADriverError() {
        assertThatThrownBy(() -> session.invoke("c9", Call.of("close")))
                .isInstanceOf(DriverException.class)
                .hasMessage("Unknown target 'c9'; this session has []");
    }

    @Test
    void closeIsIdempotentAndEndsTheSession() {
        session.close();
        session.close();

        assertThat(thread(session.threadName())).isEmpty();
        assertThatThrownBy(() -> session.createConnection("127.0.0.1", 1, Script.PASSIVE))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("the session is closed");
    }

    @Test
    void closingTheDriverClosesItsSessions() {
        InProcessDriver other = referenceDriver(TIMEOUTS);
        InProcessSession left = (InProcessSession) other.openSession(new EventLog(TIMEOUTS));

        other.close();

        assertThat(thread(left.threadName())).isEmpty();
    }

    @Test
    void aBlockedLoopFailsTheNextCallAndCloseWithoutHanging() throws InterruptedException {
        InProcessDriver impatient = own(referenceDriver(SHORT));
        InProcessSession blocked = (InProcessSession) impatient.openSession(new EventLog(SHORT));
        assertThat(blocked.createServer("127.0.0.1", 0, Script.PASSIVE)).isEqualTo(Outcome.ok("s1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        blocked.loop().callSoon(() -> {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(entered.await(2, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        assertThatThrownBy(() -> blocked.invoke("s1", Call.of("server_addresses")))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("s1: [server_addresses()]: the implementation did not answer within 500 ms")
                .hasMessageContaining("is in Unsafe.park").hasMessageContaining("called from InProcessSessionTest.lambda$");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        assertThatThrownBy(blocked::close)
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("did not end within 500 ms of stop()")
                .hasMessageContaining("it was interrupted and then ended");
        assertThat(thread(blocked.threadName())).isEmpty();
    }

    @Test
    void aLoopThatIgnoresInterruptsIsReportedAsLeaked() throws InterruptedException {
        InProcessDriver impatient = own(referenceDriver(SHORT));
        InProcessSession spinning = (InProcessSession) impatient.openSession(new EventLog(SHORT));
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        spinning.loop().callSoon(() -> {
            entered.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        assertThat(entered.await(2, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(spinning::close)
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("is still running: leaked");

        release.set(true);
        Optional<Thread> leaked = thread(spinning.threadName());
        if (leaked.isPresent()) {
            leaked.get().join(2000);
        }
        assertThat(thread(spinning.threadName())).isEmpty();
    }
}
