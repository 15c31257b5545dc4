package io.asynciotck.reference.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests check about the JVM's own children and descriptors, through /proc. */
final class ChildReaping {

    private ChildReaping() {
    }

    /** Waits (bounded) until /proc/{pid} is gone: the child was reaped, it is not a zombie. */
    static void awaitGone(long pid) throws InterruptedException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopRunner.TIMEOUT_SECONDS);
        while (Files.exists(proc) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(proc).as("child %d reaped", pid).doesNotExist();
    }

    /** Waits (bounded) until the state letter of /proc/{pid}/stat is {@code state} (T: stopped). */
    static void awaitState(long pid, char state) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopRunner.TIMEOUT_SECONDS);
        char current;
        do {
            String text = Files.readString(stat);
            current = text.charAt(text.lastIndexOf(')') + 2);
            if (current != state) {
                Thread.sleep(1);
            }
        } while (current != state && System.nanoTime() < deadline);
        assertThat(current).as("state of child %d", pid).isEqualTo(state);
    }

    /** Whether /proc/{pid} exists: a running child or a zombie. */
    static boolean exists(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** The number of entries of /proc/self/fd: the JVM's open file descriptors (plus the one listing them). */
    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
