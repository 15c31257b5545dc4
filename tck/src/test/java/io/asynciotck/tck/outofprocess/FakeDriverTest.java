package io.asynciotck.tck.outofprocess;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The out-of-process driver against fake children (src/test/resources/fake-drivers/fake-driver.sh,
 * plain /bin/sh) that behave, crash, hang, or answer nonsense: it never hangs, never loses a failure,
 * and leaves no process or thread behind.
 */
class FakeDriverTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    /** An arrival timeout shorter than the fake's slow starts (2 s), a start-up timeout well beyond them. */
    private static final Timeouts SLOW_START = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(100),
            Duration.ofSeconds(10), 1);
    /** The timeout plus killing the child ({@link ChildProcess#KILL_GRACE} twice) plus slack. */
    private static final Duration BOUND = Duration.ofSeconds(6);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAllAndCheckForLeaks() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (DriverException alreadyReported) {
                // the tests assert on the failures they cause
            }
        }
        Leaks.assertNone();
    }

    static List<String> fake(String mode) {
        try {
            Path script = Path.of(FakeDriverTest.class.getResource("/fake-drivers/fake-driver.sh").toURI());
            return List.of("/bin/sh", script.toString(), mode);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private ProcessDriver driver(String mode) {
        return own(new ProcessDriver(fake(mode), TIMEOUTS));
    }

    private DriverSession session(String mode, EventLog log) {
        return own(driver(mode).openSession(log));
    }

    @Test
    void theDriverDescribesTheImplementationFromTheHello() {
        ProcessDriver driver = driver("good");
        assertThat(driver.implementationName()).isEqualTo("fake");
        assertThat(driver.description()).isEqualTo("a fake driver in sh");
        assertThat(driver.capabilities()).containsExactly("tcp");
        Leaks.assertNone();
    }

    @Test
    void aSessionRelaysEventsAndAnswersRequests() {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("good", log);

        assertThat(session.createConnection("127.0.0.1", 1, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        Event made = log.snapshot().get(0);
        assertThat(made.seq()).isEqualTo(1);
        assertThat(made.is("c1", "connection_made")).isTrue();
        assertThat(made.thread()).isEqualTo("MainThread");
        assertThat(session.invokeAll("c1", List.of(Call.of("write", new byte[] {0, 1}), Call.of("close"))))
                .containsExactly(Outcome.ok(null), Outcome.ok(null));

        session.close();
        assertThat(log.snapshot()).extracting(Event::callback).containsExactly("connection_made", "connection_lost");
        assertThat(log.snapshot().get(1).args()).containsExactly((Object) null);
        assertThatThrownBy(() -> session.invoke("c1", Call.of("close"))).isInstanceOf(DriverException.class)
                .hasMessageContaining("the session is closed");
    }

    @Test
    void aDatagramEndpointIsRequestedWithItsAddresses() {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("good", log);

        assertThat(session.createDatagramEndpoint(new Values.Address("127.0.0.1", 0), null, Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(log.snapshot().get(0).is("c1", "connection_made")).isTrue();
        assertThatThrownBy(() -> session.createDatagramEndpoint(null, null, Script.PASSIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("create_datagram_endpoint needs a local or a remote address");

        DriverSession crashing = session("crash", new EventLog(TIMEOUTS));
        assertThatThrownBy(() -> crashing.createDatagramEndpoint(null, new Values.Address("127.0.0.1", 9), Script.PASSIVE))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"create_datagram_endpoint\",\"local\":null,"
                        + "\"remote\":{\"$address\":[\"127.0.0.1\",9]},\"script\":{\"reactions\":[]");
    }

    @Test
    void aSessionGetsAChildOfItsOwn() {
        ProcessDriver driver = driver("good");
        DriverSession first = own(driver.openSession(new EventLog(TIMEOUTS)));
        DriverSession second = own(driver.openSession(new EventLog(TIMEOUTS)));
        assertThat(ProcessHandle.current().children().count()).isEqualTo(2);
        first.close();
        assertThat(second.createConnection("127.0.0.1", 1, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
    }

    @Test
    void aChildThatDiesFailsTheRequestWithItsExitStatusAndStderr() {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("crash", log);
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.createConnection("127.0.0.1", 9, Script.PASSIVE))
                .isExactlyInstanceOf(DriverException.class)
                .hasMessageContaining("fake-driver.sh, crash] (pid ")
                .hasMessageContaining("exited before it answered")
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"create_connection\",\"host\":\"127.0.0.1\",\"port\":9,")
                .hasMessageContaining("received: (end of output)")
                .hasMessageContaining("exit status 3")
                .hasMessageContaining("| RuntimeError: simulated crash on create_connection");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUTS.arrival());

        assertThatThrownBy(() -> session.invoke("c1", Call.of("close")))
                .isExactlyInstanceOf(DriverException.class)
                .hasMessageStartingWith("c1: [close()]: not sent, the driver failed earlier in this session:")
                .hasMessageContaining("exit status 3");
        assertThatThrownBy(() -> log.awaitCallback("c1", "connection_made"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("The driver failed while waiting for connection_made on c1")
                .hasMessageContaining("simulated crash");
        session.close();
    }

    @Test
    void aChildThatNeverAnswersIsKilledAfterTheTimeoutAsUnresponsive() {
        DriverSession session = session("mute", new EventLog(TIMEOUTS));
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.invoke("c1", Call.of("get_write_buffer_size")))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("did not answer within 2000 ms")
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"invoke\",\"target\":\"c1\"")
                .hasMessageContaining("received: (nothing)")
                .hasMessageContaining("killed by the TCK")
                .hasMessageContaining("| fake driver ready in mode mute");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(TIMEOUTS.arrival(), BOUND);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();

        assertThatThrownBy(() -> session.invoke("c1", Call.of("close")))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageStartingWith("c1: [close()]: not sent, the driver failed earlier in this session:")
                .hasMessageContaining("did not answer within 2000 ms");
    }

    @Test
    void aChildThatKeepsReadingALongRequestHasAsLongAsItTakes() {
        Timeouts oneSecond = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(100));
        EventLog log = new EventLog(oneSecond);
        DriverSession session = own(own(new ProcessDriver(fake("slow-reader"), oneSecond)).openSession(log));
        long start = System.nanoTime();

        // 1 MB is a line of 1.3 MiB: some 21 reads of 64 KiB, a tenth of a second apart
        assertThat(session.invoke("c1", Call.of("write", new byte[1_000_000]))).isEqualTo(Outcome.ok(null));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(oneSecond.arrival());
        session.close();
    }

    @Test
    void aChildThatStopsReadingARequestIsKilledAfterTheTimeout() {
        Timeouts oneSecond = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(100));
        DriverSession session = own(own(new ProcessDriver(fake("stalled"), oneSecond)).openSession(new EventLog(oneSecond)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.invoke("c1", Call.of("write", new byte[1_000_000])))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("stopped reading its input for 1000 ms")
                .hasMessageContaining("killed by the TCK")
                .hasMessageContaining("| stopped reading request 2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(oneSecond.arrival(), BOUND);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void anEndlessLineBreaksTheChildAtTheLimitWithoutHoldingMoreThanIt() throws InterruptedException {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("endless-line", log);
        long before = Heap.usedAfterGc();
        long start = System.nanoTime();

        Throwable failure;
        long peak;
        try (Heap.Peak watch = Heap.watchPeak()) {
            failure = catchThrowable(() -> session.invoke("c1", Call.of("get_write_buffer_size")));
            peak = watch.peak();
        }

        assertThat(failure).isExactlyInstanceOf(DriverException.class)
                .hasMessageContaining("sent a line longer than the protocol's limit of 16 MiB (16777216 bytes), read no further")
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"invoke\"")
                .hasMessageContaining("received: " + "y".repeat(Lines.SHOWN) + "\n")
                .hasMessageContaining("killed by the TCK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        // the line buffer's doublings up to the limit leave up to twice the limit of garbage; an unbounded
        // reader takes gigabytes in the timeout's two seconds
        assertThat(peak - before).as("heap growth while reading the line").isLessThan(6L * Lines.LIMIT);
        assertThatThrownBy(() -> log.awaitCallback("c1", "connection_lost")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("limit of 16 MiB");
        assertThatThrownBy(() -> session.invoke("c1", Call.of("close"))).isExactlyInstanceOf(DriverException.class)
                .hasMessageContaining("not sent, the driver failed earlier").hasMessageContaining("limit of 16 MiB");
        session.close();
        Leaks.assertNone();
        assertThat(Heap.usedAfterGc() - before).as("heap growth kept").isLessThan(Lines.LIMIT);
    }

    @Test
    void anEndlessStderrLineIsKeptAsABoundedTail() throws InterruptedException {
        DriverSession session = session("endless-stderr", new EventLog(TIMEOUTS));
        long before = Heap.usedAfterGc();

        Throwable failure;
        long peak;
        try (Heap.Peak watch = Heap.watchPeak()) {
            failure = catchThrowable(() -> session.invoke("c1", Call.of("get_write_buffer_size")));
            peak = watch.peak();
        }

        assertThat(failure).isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("did not answer within 2000 ms")
                .hasMessageContaining("stderr (last 64 KiB):")
                .hasMessageContaining("| yyyyyyyyyy");
        assertThat(failure.getMessage()).hasSizeLessThan(4000);
        assertThat(peak - before).as("heap growth while the child wrote to stderr").isLessThan(Lines.LIMIT);
        session.close();
        Leaks.assertNone();
    }

    @Test
    void randomBytesBreakTheChildAsInvalidProtocol() {
        DriverSession session = session("garbage", new EventLog(TIMEOUTS));
        long start = System.nanoTime();

        Throwable failure = catchThrowable(() -> session.createConnection("127.0.0.1", 1, Script.PASSIVE));

        assertThat(failure).isExactlyInstanceOf(DriverException.class)
                .hasMessageContaining("sent a line that is not valid protocol")
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"create_connection\"")
                .hasMessageContaining("killed by the TCK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(failure.getMessage().chars().filter(c -> Character.isISOControl(c) && c != '\n'))
                .as("control characters shown as is").isEmpty();
        session.close();
        Leaks.assertNone();
    }

    @Test
    void theChildrenOfAKilledChildAreKilledToo() {
        DriverSession session = session("background", new EventLog(TIMEOUTS));

        Throwable failure = catchThrowable(() -> session.invoke("c1", Call.of("close")));
        assertThat(failure).isInstanceOf(DriverException.class).hasMessageContaining("did not answer within");
        Matcher sleep = Pattern.compile("started a sleep, pid (\\d+)").matcher(failure.getMessage());
        assertThat(sleep.find()).as(failure.getMessage()).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(sleep.group(1))).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void aLineThatIsNotJsonBreaksTheSessionAndIsShown() {
        DriverSession session = session("nonsense", new EventLog(TIMEOUTS));

        assertThatThrownBy(() -> session.createServer("127.0.0.1", 0, Script.PASSIVE))
                .isExactlyInstanceOf(DriverException.class)
                .hasMessageContaining("sent a line that is not valid protocol: not JSON")
                .hasMessageContaining("received: this is not JSON")
                .hasMessageContaining("killed by the TCK");
        assertThatThrownBy(() -> session.invoke("s1", Call.of("server_close"))).isInstanceOf(DriverException.class)
                .hasMessageContaining("not sent");
    }

    @Test
    void aReplyToAnUnknownIdBreaksTheSession() {
        DriverSession session = session("unknown-id", new EventLog(TIMEOUTS));

        assertThatThrownBy(() -> session.invoke("c1", Call.of("abort")))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("a reply to id 999, which is no pending request")
                .hasMessageContaining("received: {\"type\":\"reply\",\"id\":999,");
    }

    @Test
    void aProtocolErrorFailsTheRequestOnlyAndTheChildKeepsServing() {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("protocol-error", log);

        assertThatThrownBy(() -> session.invoke("c1", Call.of("write", new byte[] {1})))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("did not understand a request: I do not understand invoke")
                .hasMessageContaining("sent:     {\"id\":2,\"op\":\"invoke\"");
        assertThat(session.createConnection("127.0.0.1", 1, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        session.close();
        assertThat(log.snapshot()).extracting(Event::callback).containsExactly("connection_made", "connection_lost");
    }

    @Test
    void aChildThatDiesBetweenRequestsFailsTheWaitsAndTheClose() {
        EventLog log = new EventLog(TIMEOUTS);
        DriverSession session = session("exit-after-reply", log);
        assertThat(session.createConnection("127.0.0.1", 1, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> log.awaitCallback("c1", "data_received")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("The driver failed while waiting for data_received on c1")
                .hasMessageContaining("exited unexpectedly");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUTS.arrival());

        assertThatThrownBy(session::close).isInstanceOf(DriverException.class)
                .hasMessageContaining("exit status 4")
                .hasMessageContaining("| exiting after a reply");
        session.close();
    }

    @Test
    void aChildThatSpeaksAnotherProtocolVersionIsRefused() {
        assertThatThrownBy(() -> new ProcessDriver(fake("old-protocol"), TIMEOUTS))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("fake-driver.sh, old-protocol]")
                .hasMessageContaining("the child speaks protocol version 2, the TCK speaks 1")
                .hasMessageContaining("received: {\"type\":\"reply\",\"id\":1,\"ok\":true,\"value\":{\"protocol\":2");
    }

    @Test
    void aHelloSlowerThanTheArrivalTimeoutIsWaitedForUpToTheStartupTimeout() {
        long start = System.nanoTime();
        ProcessDriver driver = own(new ProcessDriver(fake("slow-hello"), SLOW_START));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SLOW_START.arrival());
        assertThat(driver.implementationName()).isEqualTo("fake");

        DriverSession session = own(driver.openSession(new EventLog(SLOW_START)));
        assertThat(session.createConnection("127.0.0.1", 1, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        session.close();
    }

    @Test
    void aChildThatDoesNotSayHelloWithinTheStartupTimeoutIsUnresponsive() {
        Timeouts shortStartup = new Timeouts(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(1500), 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new ProcessDriver(fake("mute-hello"), shortStartup))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("did not answer within 1500 ms (the start-up timeout)")
                .hasMessageContaining("sent:     {\"id\":1,\"op\":\"hello\",\"protocol\":1}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(shortStartup.startup(), BOUND);
    }

    @Test
    void createSubprocessIsWaitedForUpToTheStartupTimeout() {
        EventLog log = new EventLog(SLOW_START);
        DriverSession session = own(own(new ProcessDriver(fake("slow-subprocess"), SLOW_START)).openSession(log));
        long start = System.nanoTime();

        Values.SubprocessSpec spec = new Values.SubprocessSpec(false, List.of("true"), Values.SubprocessSpec.Stdio.DEVNULL,
                Values.SubprocessSpec.Stdio.DEVNULL, Values.SubprocessSpec.Stdio.DEVNULL);
        assertThat(session.createSubprocess(spec, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SLOW_START.arrival());
        assertThat(log.snapshot().get(0).is("c1", "connection_made")).isTrue();
        session.close();
    }

    @Test
    void aCommandThatCannotStartIsAnIllegalArgument() {
        assertThatThrownBy(() -> new ProcessDriver(List.of("/no/such/driver"), TIMEOUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot start the driver [/no/such/driver]: ");
    }
}
