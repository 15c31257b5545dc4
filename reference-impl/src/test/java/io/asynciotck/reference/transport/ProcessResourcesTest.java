package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.transport.SubprocessTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child processes leak neither file descriptors nor zombies: many children run to completion, then the
 * JVM's descriptor count is what it was, and no child is left in the process table.
 */
class ProcessResourcesTest {

    private static final int CHILDREN = 1000;
    private static final int BATCH = 50;
    /**
     * Descriptors the JVM may open lazily on its own during the run (class loading from a jar, a
     * random source...), unrelated to the children: a small constant, whatever the number of children.
     * Each child uses four (three pipes and a pidfd), so a leak shows as thousands.
     */
    private static final long SLACK = 4;

    private LoopRunner runner;

    @BeforeEach
    void startLoop() throws InterruptedException {
        runner = new LoopRunner();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        runner.close();
    }

    /**
     * Measures the entries of /proc/self/fd before and after {@value #CHILDREN} children ({@code true},
     * all three streams piped, {@value #BATCH} at a time, each run until connectionLost), after one
     * warm-up child (which opens the JVM-wide epoll descriptor of the process poller and loads JNA).
     * Then checks that /proc/{pid} of every child is gone: each was reaped, none is a zombie.
     */
    @Test
    void aThousandChildrenLeakNoDescriptorAndNoZombie() throws Exception {
        runBatch(1);
        long before = ChildReaping.openDescriptors();
        List<Long> pids = new ArrayList<>();
        long start = System.nanoTime();
        for (int done = 0; done < CHILDREN; done += BATCH) {
            pids.addAll(runBatch(BATCH));
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long after = ChildReaping.openDescriptors();
        System.out.printf("ProcessResourcesTest: %d children in %d ms; /proc/self/fd entries before %d, after %d%n",
                pids.size(), elapsedMillis, before, after);
        assertThat(after).as("open descriptors after %d children (before: %d)", CHILDREN, before).isLessThanOrEqualTo(before + SLACK);
        assertThat(pids).hasSize(CHILDREN).doesNotHaveDuplicates();
        for (long pid : pids) {
            assertThat(ChildReaping.exists(pid)).as("child %d reaped", pid).isFalse();
        }
    }

    /**
     * Closing a loop with running children (all streams piped) kills them; the process poller reaps
     * them and closes their pidfds, the loop closes their pipes: afterwards no child is in the process
     * table and the descriptor count is back (waited for, bounded: the reaping is asynchronous).
     */
    @Test
    void closingALoopWithRunningChildrenReapsThemAndReleasesTheirDescriptors() throws Exception {
        runBatch(1);
        long before = ChildReaping.openDescriptors();
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
            SubprocessTransport transport = LoopRunner.await(
                    runner.loop.subprocessExec(() -> protocol, List.of("sleep", "30"), SubprocessOptions.pipes())).transport();
            pids.add(runner.call(transport::getPid));
        }
        assertThat(ChildReaping.openDescriptors()).isGreaterThanOrEqualTo(before + 20 * 4);
        runner.close();
        for (long pid : pids) {
            ChildReaping.awaitGone(pid);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopRunner.TIMEOUT_SECONDS);
        while (ChildReaping.openDescriptors() > before + SLACK && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(ChildReaping.openDescriptors()).isLessThanOrEqualTo(before + SLACK);
        runner = new LoopRunner(); // for the tear-down
    }

    /** Starts {@code count} children at once and waits for each one's connectionLost; returns their pids. */
    private List<Long> runBatch(int count) throws Exception {
        List<RecordingSubprocessProtocol> protocols = new ArrayList<>();
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingSubprocessProtocol protocol = new RecordingSubprocessProtocol();
            protocols.add(protocol);
            starts.add(runner.loop.subprocessExec(() -> protocol, List.of("true"), SubprocessOptions.pipes()));
        }
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LoopRunner.await(starts.get(i));
            RecordingSubprocessProtocol protocol = protocols.get(i);
            assertThat(LoopRunner.await(protocol.lost)).isNull();
            assertThat(LoopRunner.await(protocol.exited)).isZero();
            assertThat(protocol.violations()).isEmpty();
            SubprocessTransport transport = protocol.transport;
            pids.add(runner.call(transport::getPid));
        }
        return pids;
    }
}
