package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Stdio;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;
import io.asynciotck.reference.process.ProcessLookupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.asynciotck.reference.transport.LoopRunner.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** End-to-end tests of child processes: small POSIX commands as the children. */
class SubprocessTransportTest {

    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;
    private static final int SIGUSR1 = 10;
    private static final int SIGCONT = 18;
    private static final int SIGSTOP = 19;

    private LoopRunner runner;
    private final List<SubprocessTransport> started = new ArrayList<>();

    @BeforeEach
    void startLoop() throws InterruptedException {
        runner = new LoopRunner();
    }

    /** No child outlives a test: kill what still runs, wait (bounded) for its end, then close the loop. */
    @AfterEach
    void stopLoop() throws Exception {
        for (SubprocessTransport transport : started) {
            runner.run(() -> {
                if (transport.getReturncode() == null) {
                    transport.kill();
                }
            });
        }
        for (SubprocessTransport transport : started) {
            long pid = runner.call(transport::getPid);
            long deadline = System.nanoTime() + Duration.ofSeconds(LoopRunner.TIMEOUT_SECONDS).toNanos();
            while (runner.call(transport::getReturncode) == null && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(runner.call(transport::getReturncode)).as("child %d ended", pid).isNotNull();
        }
        runner.close();
    }

    // ---- starting

    @Test
    void catEchoesStdinAndTheCallbacksComeInAsyncioOrder() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        CompletableFuture<Boolean> madeFirst = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Connection<SubprocessTransport, RecordingSubprocessProtocol>>> starting = new CompletableFuture<>();
        starting.complete(runner.loop.subprocessExec(() -> {
            // The factory runs on the loop thread before the future completes: a dependent registered
            // here runs where the future completes. (Waits the moment the test thread needs to publish it.)
            starting.join().thenRun(() -> madeFirst.complete(protocol.made.isDone() && runner.loop.inLoopThread()));
            return protocol;
        }, List.of("cat"), SubprocessOptions.pipes()));
        Connection<SubprocessTransport, RecordingSubprocessProtocol> connection = track(await(starting.join()));
        assertThat(await(madeFirst)).as("the future completes on the loop thread after connectionMade").isTrue();
        SubprocessTransport transport = connection.transport();
        assertThat(await(protocol.made)).isSameAs(transport);

        runner.run(() -> {
            WriteTransport stdin = (WriteTransport) transport.getPipeTransport(0);
            stdin.write("hello ".getBytes(StandardCharsets.UTF_8));
            stdin.writelines(List.of("child".getBytes(StandardCharsets.UTF_8)));
            stdin.writeEof();
        });
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("hello child");
        assertThat(runner.call(transport::getReturncode)).isZero();
        assertThat(await(protocol.exited)).isZero();
        List<String> events = protocol.events();
        assertThat(events.get(0)).isEqualTo("made");
        assertThat(events.get(events.size() - 1)).isEqualTo("lost");
        assertThat(events).contains("pipeLost0", "pipeLost1", "pipeLost2", "exited");
        assertThat(protocol.violations()).isEmpty();
        assertThat(runner.reported).isEmpty();
    }

    @Test
    void shellRunsTheCommandWithBinSh() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        track(await(runner.loop.subprocessShell(() -> protocol, "echo out; echo err >&2; exit 3", SubprocessOptions.pipes())));
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("out\n");
        assertThat(protocol.text(2)).isEqualTo("err\n");
        assertThat(await(protocol.exited)).isEqualTo(3);
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void environmentAdditionsAndWorkingDirectoryReachTheChild(@TempDir Path dir) throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessOptions options = new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE,
                Map.of("TCK_CHILD_VAR", "a value"), dir.toString());
        track(await(runner.loop.subprocessShell(() -> protocol, "echo \"$TCK_CHILD_VAR\"; pwd; echo \"${PATH+path is inherited}\"", options)));
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("a value\n" + dir.toRealPath() + "\npath is inherited\n");
    }

    @Test
    void badInputFailsTheFutureWithoutCreatingAProtocol(@TempDir Path dir) throws Exception {
        AtomicInteger created = new AtomicInteger();
        Supplier<RecordingSubprocessProtocol> factory = () -> {
            created.incrementAndGet();
            return new RecordingSubprocessProtocol();
        };
        assertFails(runner.loop.subprocessExec(factory, List.of(), SubprocessOptions.pipes()), IllegalArgumentException.class);
        assertFails(runner.loop.subprocessExec(factory, null, SubprocessOptions.pipes()), NullPointerException.class);
        assertFails(runner.loop.subprocessExec(factory, Arrays.asList("echo", null), SubprocessOptions.pipes()), NullPointerException.class);
        assertFails(runner.loop.subprocessExec(factory, List.of("echo"), null), NullPointerException.class);
        assertFails(runner.loop.subprocessShell(factory, null, SubprocessOptions.pipes()), NullPointerException.class);
        assertFails(runner.loop.subprocessExec(factory, List.of("no-such-program-for-the-tck"), SubprocessOptions.pipes()),
                FileNotFoundException.class);
        assertFails(runner.loop.subprocessExec(factory, List.of("/no/such/program"), SubprocessOptions.pipes()),
                FileNotFoundException.class);
        assertFails(runner.loop.subprocessExec(factory, List.of("echo", "a\0b"), SubprocessOptions.pipes()),
                IllegalArgumentException.class);
        assertFails(runner.loop.subprocessExec(factory, List.of("true"), new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE,
                Map.of(), dir.resolve("missing").toString())), FileNotFoundException.class);
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        assertFails(runner.loop.subprocessExec(factory, List.of(notExecutable.toString()), SubprocessOptions.pipes()), IOException.class);
        assertThat(created).hasValue(0);
    }

    @Test
    void aProtocolFactoryThatThrowsFailsTheFuture() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        CompletableFuture<Connection<SubprocessTransport, RecordingSubprocessProtocol>> future =
                runner.loop.subprocessExec(() -> {
                    throw boom;
                }, List.of("sleep", "10"), SubprocessOptions.pipes());
        assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class).hasCause(boom);
    }

    // ---- return codes and signals

    @Test
    void returncodeIsTheExitStatusOrMinusTheSignal() throws Exception {
        assertThat(returncodeOf("exit 3")).isEqualTo(3);
        assertThat(returncodeOf("exit 143")).as("exit(143) is not a SIGTERM death").isEqualTo(143);
        assertThat(returncodeOf("exit 0")).isZero();
        assertThat(returncodeOf("kill -TERM $$")).isEqualTo(-SIGTERM);
        assertThat(returncodeOf("kill -KILL $$")).isEqualTo(-SIGKILL);
    }

    @Test
    void killIsSigkillAndTerminateIsSigterm() throws Exception {
        RecordingSubprocessProtocol killed = new RecordingSubprocessProtocol();
        SubprocessTransport first = track(await(runner.loop.subprocessExec(() -> killed, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        assertThat(runner.call(first::getReturncode)).as("running").isNull();
        runner.run(first::kill);
        assertThat(await(killed.exited)).isEqualTo(-SIGKILL);
        assertThat(await(killed.lost)).isNull();

        RecordingSubprocessProtocol terminated = new RecordingSubprocessProtocol();
        SubprocessTransport second = track(await(runner.loop.subprocessExec(() -> terminated, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        runner.run(second::terminate);
        assertThat(await(terminated.exited)).isEqualTo(-SIGTERM);
        assertThat(await(terminated.lost)).isNull();
        assertThat(killed.violations()).isEmpty();
        assertThat(terminated.violations()).isEmpty();
    }

    @Test
    void sendSignalReachesAChildThatTrapsIt() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessShell(() -> protocol,
                "trap 'echo got USR1; exit 0' USR1; echo ready; while :; do sleep 0.02; done", SubprocessOptions.pipes()))).transport();
        protocol.awaitReceived(1, "ready\n".length());
        runner.run(() -> transport.sendSignal(SIGUSR1));
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("ready\ngot USR1\n");
        assertThat(runner.call(transport::getReturncode)).as("the trap exits 0").isZero();
    }

    @Test
    void signallingAReapedChildThrowsProcessLookupException() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol, List.of("true"), SubprocessOptions.pipes()))).transport();
        await(protocol.lost);
        for (Runnable call : List.<Runnable>of(transport::kill, transport::terminate, () -> transport.sendSignal(SIGUSR1))) {
            assertThatThrownBy(() -> runner.run(call)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UncheckedIOException.class)
                    .cause().isInstanceOf(ProcessLookupException.class);
        }
    }

    @Test
    void anInvalidSignalNumberIsRejected() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        assertThatThrownBy(() -> runner.run(() -> transport.sendSignal(12345))).cause().isInstanceOf(IllegalArgumentException.class);
        runner.run(() -> transport.sendSignal(0)); // only checks that the child exists
        assertThat(runner.call(transport::getReturncode)).isNull();
    }

    // ---- pipes

    @Test
    void pipeTransportsExistForPipedStreamsOnly() throws Exception {
        RecordingSubprocessProtocol piped = new RecordingSubprocessProtocol();
        SubprocessTransport all = track(await(runner.loop.subprocessExec(() -> piped, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        runner.run(() -> {
            assertThat(all.getPipeTransport(0)).isInstanceOf(WriteTransport.class);
            assertThat(all.getPipeTransport(1)).isInstanceOf(ReadTransport.class);
            assertThat(all.getPipeTransport(2)).isInstanceOf(ReadTransport.class);
            assertThat(all.getPipeTransport(1)).isNotSameAs(all.getPipeTransport(2));
            for (int fd : new int[] {3, -1, 99}) {
                assertThat(all.getPipeTransport(fd)).as("fd %d", fd).isNull();
            }
            assertThat(all.getPipeTransport(1).getExtraInfo(ExtraInfo.PIPE)).isNotNull();
            all.kill();
        });

        RecordingSubprocessProtocol none = new RecordingSubprocessProtocol();
        SubprocessTransport unpiped = track(await(runner.loop.subprocessExec(() -> none, List.of("true"),
                new SubprocessOptions(Stdio.DEVNULL, Stdio.DEVNULL, Stdio.INHERIT, Map.of(), null)))).transport();
        runner.run(() -> {
            for (int fd : new int[] {0, 1, 2, 3, -1, 99}) {
                assertThat(unpiped.getPipeTransport(fd)).as("fd %d", fd).isNull();
            }
        });
        assertThat(await(none.lost)).isNull();
        assertThat(none.events()).containsExactly("made", "exited", "lost");
    }

    @Test
    void stderrCanGoToStdout() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessShell(() -> protocol, "echo one; echo two >&2; echo three",
                new SubprocessOptions(Stdio.DEVNULL, Stdio.PIPE, Stdio.STDOUT, Map.of(), null)))).transport();
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("one\ntwo\nthree\n");
        assertThat(runner.call(() -> transport.getPipeTransport(2))).isNull();
        assertThat(protocol.events()).doesNotContain("data2", "pipeLost2", "pipeLost0");
    }

    @Test
    void closingStdinIsPipeConnectionLostZero() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol, List.of("cat"), SubprocessOptions.pipes()))).transport();
        runner.run(() -> transport.getPipeTransport(0).close());
        assertThat(await(protocol.pipeLost.get(0))).isNull();
        assertThat(await(protocol.exited)).as("cat ends at EOF").isZero();
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void aChildThatClosesStdoutButKeepsRunningLosesThePipeFirst() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessShell(() -> protocol,
                "echo bye; exec 1>&-; read line; exit 4", SubprocessOptions.pipes()))).transport();
        assertThat(await(protocol.pipeLost.get(1))).isNull();
        assertThat(protocol.text(1)).isEqualTo("bye\n");
        assertThat(runner.call(transport::getReturncode)).as("still running").isNull();
        assertThat(protocol.events()).doesNotContain("exited");
        runner.run(() -> ((WriteTransport) transport.getPipeTransport(0)).write("go\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(await(protocol.exited)).isEqualTo(4);
        assertThat(await(protocol.lost)).isNull();
        List<String> events = protocol.events();
        assertThat(events.indexOf("pipeLost1")).isLessThan(events.indexOf("exited"));
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void outputOfAChildThatExitedBeforeItWasReadIsAllDelivered() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol() {
            @Override
            void onMade(SubprocessTransport transport) {
                ((ReadTransport) transport.getPipeTransport(1)).pauseReading();
                ((ReadTransport) transport.getPipeTransport(2)).pauseReading();
            }
        };
        // 40 000 bytes: less than a pipe holds, so the child exits without waiting for the parent.
        SubprocessTransport transport = track(await(runner.loop.subprocessShell(() -> protocol,
                "i=0; while [ $i -lt 4000 ]; do echo 123456789; i=$((i+1)); done; echo err >&2", SubprocessOptions.pipes()))).transport();
        assertThat(await(protocol.exited)).isZero();
        assertThat(protocol.size(1)).as("nothing read while paused").isZero();
        assertThat(protocol.events()).doesNotContain("lost");
        runner.run(() -> {
            ((ReadTransport) transport.getPipeTransport(1)).resumeReading();
            ((ReadTransport) transport.getPipeTransport(2)).resumeReading();
        });
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text(1)).isEqualTo("123456789\n".repeat(4000));
        assertThat(protocol.text(2)).isEqualTo("err\n");
        List<String> events = protocol.events();
        assertThat(events.indexOf("exited")).isLessThan(events.indexOf("data1"));
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void largeOutputWithPausedReadingIsNeitherLostNorBufferedInTheParent() throws Exception {
        int total = 6 * 1024 * 1024;
        int pauseAt = 1024 * 1024;
        CompletableFuture<Integer> paused = new CompletableFuture<>();
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol() {
            private int sinceResume;

            @Override
            void onData(int fd, byte[] data) {
                sinceResume += data.length;
                ReadTransport stdout = (ReadTransport) transport.getPipeTransport(1);
                if (!paused.isDone() && size(1) >= pauseAt) {
                    stdout.pauseReading();
                    paused.complete(size(1));
                } else if (paused.isDone() && sinceResume >= 256 * 1024) {
                    // Pause and resume on the next iteration, many times over.
                    sinceResume = 0;
                    stdout.pauseReading();
                    runner.loop.callSoon(stdout::resumeReading);
                }
            }
        };
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol,
                List.of("head", "-c", Integer.toString(total), "/dev/urandom"),
                new SubprocessOptions(Stdio.DEVNULL, Stdio.PIPE, Stdio.PIPE, Map.of(), null)))).transport();
        int atPause = await(paused);
        // While paused nothing is read: the child fills the pipe and blocks, it does not finish.
        Thread.sleep(200);
        assertThat(protocol.size(1)).isEqualTo(atPause);
        assertThat(runner.call(transport::getReturncode)).as("the child is blocked on the full pipe").isNull();
        runner.run(() -> ((ReadTransport) transport.getPipeTransport(1)).resumeReading());
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.size(1)).isEqualTo(total);
        assertThat(await(protocol.exited)).isZero();
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void stdinFlowControlPausesAndResumesTheSubprocessProtocol() throws Exception {
        // A child that does not read: the buffer stays over the high-water mark.
        RecordingSubprocessProtocol stuck = new RecordingSubprocessProtocol();
        SubprocessTransport sleeper = track(await(runner.loop.subprocessExec(() -> stuck, List.of("sleep", "5"), SubprocessOptions.pipes()))).transport();
        long buffered = runner.call(() -> {
            WriteTransport stdin = (WriteTransport) sleeper.getPipeTransport(0);
            stdin.write(new byte[256 * 1024]);
            assertThat(stuck.events()).as("pauseWriting inside write()").contains("pause");
            return stdin.getWriteBufferSize();
        });
        assertThat(buffered).isGreaterThan(64 * 1024);
        runner.run(sleeper::kill);
        assertThat(await(stuck.exited)).isEqualTo(-SIGKILL);
        assertThat(await(stuck.pipeLost.get(0))).as("data was still buffered: broken pipe").isInstanceOf(IOException.class);
        assertThat(await(stuck.lost)).isNull();
        assertThat(stuck.events()).doesNotContain("resume");
        assertThat(stuck.violations()).isEmpty();

        // A child that reads everything once continued: the buffer drains, the protocol resumes.
        RecordingSubprocessProtocol reader = new RecordingSubprocessProtocol();
        SubprocessTransport wc = track(await(runner.loop.subprocessExec(() -> reader, List.of("wc", "-c"), SubprocessOptions.pipes()))).transport();
        runner.run(() -> wc.sendSignal(SIGSTOP));
        ChildReaping.awaitState(runner.call(wc::getPid), 'T');
        runner.run(() -> {
            WriteTransport stdin = (WriteTransport) wc.getPipeTransport(0);
            stdin.write(new byte[1024 * 1024]);
            assertThat(reader.events()).as("pauseWriting inside write()").contains("pause");
            stdin.writeEof();
            wc.sendSignal(SIGCONT);
        });
        assertThat(await(reader.lost)).isNull();
        assertThat(reader.text(1).trim()).isEqualTo(Integer.toString(1024 * 1024));
        assertThat(reader.distinctEvents()).containsSubsequence("pause", "resume");
        assertThat(reader.pipeError(0)).isNull();
        assertThat(reader.violations()).isEmpty();
    }

    // ---- closing

    @Test
    void closeKillsARunningChildAndClosesEveryPipe() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        List<String> duringClose = runner.call(() -> {
            transport.close();
            transport.close(); // idempotent
            return protocol.events();
        });
        assertThat(duringClose).containsExactly("made");
        assertThat(await(protocol.exited)).as("killed, not terminated").isEqualTo(-SIGKILL);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.events()).containsExactlyInAnyOrder("made", "pipeLost0", "pipeLost1", "pipeLost2", "exited", "lost");
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void closeAfterTheChildExitedOnlyClosesThePipes() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol() {
            @Override
            void onExited() {
                transport.close();
            }
        };
        track(await(runner.loop.subprocessShell(() -> protocol, "exit 7", SubprocessOptions.pipes())));
        assertThat(await(protocol.lost)).isNull();
        assertThat(await(protocol.exited)).isEqualTo(7);
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void closingTheLoopKillsAndReapsARunningChild() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = await(runner.loop.subprocessExec(() -> protocol, List.of("sleep", "30"), SubprocessOptions.pipes())).transport();
        long pid = runner.call(transport::getPid);
        runner.close();
        ChildReaping.awaitGone(pid);
        assertThat(protocol.events()).containsExactly("made");
        runner = new LoopRunner(); // for the tear-down
    }

    @Test
    void extraInfoSubprocessIsTheProcessHandle() throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessExec(() -> protocol, List.of("sleep", "30"), SubprocessOptions.pipes()))).transport();
        runner.run(() -> {
            Object handle = transport.getExtraInfo(ExtraInfo.SUBPROCESS);
            assertThat(handle).isInstanceOf(ProcessHandle.class);
            assertThat(((ProcessHandle) handle).pid()).isEqualTo(transport.getPid());
            assertThat(((ProcessHandle) handle).isAlive()).isTrue();
            assertThat(transport.getExtraInfo("peername", "default")).isEqualTo("default");
            assertThat(transport.getExtraInfo("peername")).isNull();
            transport.kill();
        });
        assertThat(await(protocol.lost)).isNull();
    }

    @Test
    void aThrowingPipeDataReceivedClosesThatPipeWithTheException() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol() {
            @Override
            void onData(int fd, byte[] data) {
                throw boom;
            }
        };
        track(await(runner.loop.subprocessShell(() -> protocol, "echo x", SubprocessOptions.pipes())));
        assertThat(await(protocol.pipeLost.get(1))).isSameAs(boom);
        assertThat(await(protocol.lost)).isNull();
        assertThat(runner.reported).extracting(ExceptionContext::exception).containsExactly(boom);
    }

    // ---- helpers

    private int returncodeOf(String script) throws Exception {
        RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
        SubprocessTransport transport = track(await(runner.loop.subprocessShell(() -> protocol, script, SubprocessOptions.pipes()))).transport();
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.violations()).isEmpty();
        return runner.call(transport::getReturncode);
    }

    private <P extends RecordingSubprocessProtocol> Connection<SubprocessTransport, P> track(Connection<SubprocessTransport, P> connection) {
        started.add(connection.transport());
        return connection;
    }

    private static void assertFails(CompletableFuture<?> future, Class<? extends Throwable> type) {
        assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class).cause().isInstanceOf(type);
    }
}
