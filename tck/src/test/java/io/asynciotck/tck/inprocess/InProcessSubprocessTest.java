package io.asynciotck.tck.inprocess;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.SubprocessSpec.Stdio;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process driver's subprocesses end to end, with the reference implementation's loop. */
class InProcessSubprocessTest {

    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(100));

    private InProcessDriver driver;
    private EventLog log;
    private InProcessSession session;

    @BeforeEach
    void openSession() {
        try {
            driver = InProcessDriver.load("reference", InProcessSubprocessTest.class.getClassLoader(), TIMEOUTS);
        } catch (IllegalArgumentException notThere) {
            Assumptions.abort("the reference implementation is not on the class path: " + notThere.getMessage());
        }
        Assumptions.assumeTrue(driver.capabilities().contains("subprocess"), "no subprocess capability");
        log = new EventLog(TIMEOUTS);
        session = (InProcessSession) driver.openSession(log);
    }

    @AfterEach
    void closeAll() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Values.SubprocessSpec exec(Stdio stdin, Stdio stdout, String... args) {
        return new Values.SubprocessSpec(false, Arrays.asList(args), stdin, stdout, Stdio.DEVNULL);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The callbacks of {@code target} with their arguments, once its {@code connection_lost} came. */
    private List<Event> untilLost(String target) {
        log.awaitCallback(target, "connection_lost");
        return log.of(target);
    }

    @Test
    void execRoundTripWithStdoutPiped() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.PIPE, "printf", "hello"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        List<Event> events = untilLost("c1");
        assertThat(events.get(0).callback()).isEqualTo("connection_made");
        assertThat(events.get(events.size() - 1).args()).containsExactly((Object) null);
        Event data = log.awaitCallback("c1", "pipe_data_received");
        assertThat(data.arg(0)).isEqualTo(1L);
        assertThat((byte[]) data.arg(1)).isEqualTo(bytes("hello"));
        assertThat(log.awaitCallback("c1", "pipe_connection_lost").args()).containsExactly(1L, null);
        assertThat(events).filteredOn(e -> e.callback().equals("process_exited")).hasSize(1);
        assertThat(session.invokeAll("c1", List.of(Call.of("get_returncode"), Call.of("get_pipe_transport", 3L))))
                .containsExactly(Outcome.ok(0L), Outcome.ok(null));
    }

    @Test
    void shellExitStatus() {
        Values.SubprocessSpec spec = new Values.SubprocessSpec(true, List.of("exit 3"), Stdio.DEVNULL, Stdio.DEVNULL,
                Stdio.DEVNULL);
        assertThat(session.createSubprocess(spec, Script.PASSIVE)).isEqualTo(Outcome.ok("c1"));
        untilLost("c1");
        assertThat(session.invoke("c1", Call.of("get_returncode"))).isEqualTo(Outcome.ok(3L));
    }

    @Test
    void killedChildReturnsMinusNine() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "5"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        List<Outcome> outcomes = session.invokeAll("c1", List.of(Call.of("get_pid"), Call.of("get_returncode"),
                Call.of("kill")));
        assertThat(outcomes.get(0).value()).isInstanceOf(Long.class);
        assertThat(outcomes.subList(1, 3)).containsExactly(Outcome.ok(null), Outcome.ok(null));
        untilLost("c1");
        assertThat(session.invoke("c1", Call.of("get_returncode"))).isEqualTo(Outcome.ok(-9L));
    }

    @Test
    void aPipeTargetWritesToCatWhichEchoesOnStdout() {
        assertThat(session.createSubprocess(exec(Stdio.PIPE, Stdio.PIPE, "cat"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(session.invokeAll("c1", List.of(Call.of("get_pipe_transport", 0L), Call.of("get_pipe_transport", 1L),
                Call.of("get_pipe_transport", 2L))))
                .containsExactly(Outcome.ok("c1/0"), Outcome.ok("c1/1"), Outcome.ok(null));
        List<Outcome> written = session.invokeAll("c1/0", List.of(Call.of("write", bytes("ping")), Call.of("write_eof"),
                Call.of("get_pid"), Call.of("get_write_buffer_size")));
        assertThat(written.subList(0, 2)).containsExactly(Outcome.ok(null), Outcome.ok(null));
        assertThat(written.get(2).error().type()).isEqualTo("UnknownMethod");
        assertThat(written.get(3).value()).isInstanceOf(Long.class);
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        for (Event event : untilLost("c1")) {
            if (event.callback().equals("pipe_data_received") && event.arg(0).equals(1L)) {
                echoed.writeBytes((byte[]) event.arg(1));
            }
        }
        assertThat(echoed.toByteArray()).isEqualTo(bytes("ping"));
        assertThat(session.invoke("c1", Call.of("write", bytes("x"))).error())
                .satisfies(error -> assertThat(error.kind()).isEqualTo(ErrorKind.OTHER))
                .satisfies(error -> assertThat(error.type()).isEqualTo("UnknownMethod"));
        assertThat(session.invoke("c1/1", Call.of("pause_reading")).isError()).isFalse();
    }

    @Test
    void stdinNotPipedHasNoPipeTransport() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "5"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        assertThat(session.invoke("c1", Call.of("get_pipe_transport", 0L))).isEqualTo(Outcome.ok(null));
    }

    @Test
    void stdoutIsRefusedForStdinAsAFailedOutcome() {
        Outcome outcome = session.createSubprocess(
                new Values.SubprocessSpec(false, List.of("true"), Stdio.STDOUT, Stdio.DEVNULL, Stdio.DEVNULL),
                Script.PASSIVE);
        assertThat(outcome.error().kind()).isEqualTo(ErrorKind.INVALID_VALUE);
    }

    @Test
    void noChildRemainsAfterClose() {
        assertThat(session.createSubprocess(exec(Stdio.DEVNULL, Stdio.DEVNULL, "sleep", "30"), Script.PASSIVE))
                .isEqualTo(Outcome.ok("c1"));
        long pid = (Long) session.invoke("c1", Call.of("get_pid")).value();
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        session.close();
        // the loop's own reaper may still be collecting the killed child: its exit is what counts
        assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void closeReapsAChildTheImplementationLeftRunning() throws IOException, InterruptedException {
        Process leaked = new ProcessBuilder("sleep", "30").start();
        try {
            session.started(leaked.pid());
            session.close();
            assertThat(leaked.waitFor(1, TimeUnit.SECONDS)).isTrue();
            assertThat(leaked.exitValue()).isEqualTo(128 + 9);
        } finally {
            leaked.destroyForcibly();
        }
    }

    @Test
    void closeLeavesAloneAProcessThatIsNotItsDescendant() throws IOException, InterruptedException {
        // sh starts sleep in the background and exits: sleep is then nobody's child here (init adopts it)
        Process shell = new ProcessBuilder("sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
        assertThat(shell.waitFor(5, TimeUnit.SECONDS)).isTrue();
        ProcessHandle stranger = ProcessHandle.of(pid).orElseThrow();
        try {
            session.started(pid); // what an implementation with a wrong get_pid() would hand over
            session.close();
            assertThat(stranger.isAlive()).as("a process the session did not start must survive its close").isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }
}
