package io.asynciotck.tck.outofprocess;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that the out-of-process driver left no child process and no thread of its own behind. */
final class Leaks {

    private Leaks() {
    }

    static void assertNone() {
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(Leaks::describe))
                .as("child processes left behind").isEmpty();
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("driver-child-"))
                .map(Thread::getName))
                .as("driver threads left behind").isEmpty();
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }
}
