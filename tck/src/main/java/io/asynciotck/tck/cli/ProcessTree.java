package io.asynciotck.tck.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes a run started, directly or not, so that none outlives it: the descendants this JVM gained
 * since the tree was made. When the JVM is the subreaper of its descendants ({@link #becomeSubreaper},
 * {@code prctl(PR_SET_CHILD_SUBREAPER)} on Linux, which the command line's {@code main} asks for), a process
 * whose parent ends (the JVM that runs the scenarios, ended by an implementation's {@code Runtime.halt}) is
 * adopted by this JVM instead of by init and stays among its descendants, where {@link #killAll} finds it.
 * Elsewhere, and in any case, the descendants seen by {@link #remember} are killed too.
 */
final class ProcessTree {

    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final long KILL_WAIT_MILLIS = 2_000;

    /** The libc calls: {@code prctl} and {@code waitpid}. */
    interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        int waitpid(int pid, int[] status, int options);
    }

    private static LibC libc;
    private static boolean subreaper;

    /** Every descendant seen since the tree was made, by pid; a handle knows its process's start time, so a reused pid is safe. */
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    /** The descendants there were before: not the run's. */
    private final java.util.Set<ProcessHandle> before = new java.util.HashSet<>(ProcessHandle.current().descendants().toList());

    /** Makes this JVM the subreaper of its descendants, where the platform allows; says whether it is. */
    static synchronized boolean becomeSubreaper() {
        if (subreaper) {
            return true;
        }
        try {
            if (Platform.isLinux()) {
                libc = Native.load("c", LibC.class);
                subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
            }
        } catch (LinkageError | RuntimeException e) {
            subreaper = false;
        }
        return subreaper;
    }

    /** Notes the current descendants, to kill them later even if they leave the tree. */
    synchronized void remember() {
        ProcessHandle.current().descendants().filter(process -> !before.contains(process))
                .forEach(process -> seen.putIfAbsent(process.pid(), process));
    }

    /**
     * Kills (SIGKILL) every descendant and every process {@link #remember remembered}, except
     * {@code spare} (the JVM's own child whose exit the JDK waits for; null for none), and waits for them,
     * reaping the ones this JVM adopted.
     *
     * @return the processes killed, as {@code pid command}
     */
    synchronized List<String> killAll(ProcessHandle spare) {
        List<String> killed = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            remember();
            List<ProcessHandle> victims = seen.values().stream()
                    .filter(ProcessTree::running)
                    .filter(process -> spare == null || process.pid() != spare.pid())
                    .toList();
            if (victims.isEmpty()) {
                break;
            }
            for (ProcessHandle victim : victims) {
                String command = victim.info().commandLine().orElse("?");
                if (victim.destroyForcibly()) {
                    killed.add(victim.pid() + " " + command);
                }
            }
            awaitGone(victims);
        }
        seen.clear();
        return killed;
    }

    /**
     * Whether the process is alive and not a zombie: a process that ended and waits for its parent to reap
     * it is "alive" to {@link ProcessHandle#isAlive}, but runs nothing. Its parent reaps it (this JVM, see
     * {@link #reaped}, for the ones it adopted).
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (java.io.IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    /**
     * Reaps the processes this JVM adopted (as subreaper) that have ended, but {@code spare}: the JDK reaps
     * only the children it started, and a long run would otherwise collect zombies.
     */
    synchronized void reapAdopted(ProcessHandle spare) {
        ProcessHandle.current().children()
                .filter(child -> !before.contains(child) && (spare == null || child.pid() != spare.pid()))
                .filter(child -> !running(child))
                .forEach(ProcessTree::reaped);
    }

    /** Waits (bounded) until the victims are gone, reaping the ones that became this JVM's children. */
    private static void awaitGone(List<ProcessHandle> victims) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
        List<ProcessHandle> left = new ArrayList<>(victims);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.removeIf(process -> reaped(process) || !running(process));
            if (!left.isEmpty()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Reaps an adopted child that has ended (a zombie is "alive" to {@link ProcessHandle#isAlive}); the
     * JDK waits only for the children it started, so it would never reap one.
     */
    private static boolean reaped(ProcessHandle process) {
        if (!subreaper || libc == null || process.parent().map(p -> p.pid() != ProcessHandle.current().pid()).orElse(true)) {
            return false;
        }
        return libc.waitpid((int) process.pid(), new int[1], WNOHANG) == process.pid();
    }
}
