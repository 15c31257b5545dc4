/**
 * Child processes for the reference event loop, through JNA: {@code posix_spawn}, pipes, a pidfd per
 * child and one epoll thread for the whole JVM.
 *
 * <h2>Why not {@code java.lang.Process}, and why not nuprocess</h2>
 * The JDK's process pipes are not selectable, so serving them costs a thread per pipe per child; and
 * {@code Process.exitValue()} reports a death by signal N as 128+N, which cannot be told apart from
 * {@code exit(128+N)}. nuprocess (epoll, one thread) reports it as +N, which cannot be told apart from
 * {@code exit(N)}; it also reaps the child itself, so the raw status is gone, and it always pipes all
 * three streams (no inherit, /dev/null or stderr-to-stdout). asyncio's {@code get_returncode()} is
 * the exit status or minus the signal number, so both would have to guess. Here
 * {@link io.asynciotck.reference.process.NativeProcess} spawns the child itself ({@code posix_spawn}
 * with {@code dup2}/{@code open} file actions, every other descriptor closed, signals reset), opens a
 * pidfd for it, and reaps it with {@code waitpid} on the loop thread when the pidfd becomes readable:
 * the raw wait status says exactly whether the child exited or was killed. The parent's pipe ends are
 * non-blocking descriptors read and written by the loop thread
 * ({@link io.asynciotck.reference.process.FdChannel}); since the JDK's selector cannot watch a
 * descriptor it did not open, their readiness (and the pidfds') comes from
 * {@link io.asynciotck.reference.process.ProcessPoller}: one epoll instance and one daemon thread for
 * every child of every loop, which only forwards one-shot events to the owning loop. Signals go through
 * the pidfd, and once a child is reaped its transport refuses to signal it, so a recycled pid is never
 * signalled. Needs 64-bit Linux 5.3+ (pidfd_open) and glibc (2.34+ to close inherited descriptors
 * with one file action; older ones close those open at spawn time one by one).
 */
package io.asynciotck.reference.process;
