package io.asynciotck.reference.process;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.asynciotck.api.loop.Stdio;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A child process started with {@code posix_spawn}, with the parent's ends of its pipes and a pidfd:
 * the native half of the reference subprocess transport. Used on the loop thread.
 *
 * <p>Starting ({@link #spawn}): the program is looked up on the child's {@code PATH} first (so that a
 * missing program fails with {@link FileNotFoundException} before anything is created); the pipes are
 * created close-on-exec, the parent's ends made non-blocking; the child gets its standard streams with
 * {@code dup2} or {@code /dev/null} opens, every other descriptor closed
 * ({@code posix_spawn_file_actions_addclosefrom_np}: the JDK opens sockets and pipes without
 * close-on-exec), an empty signal mask and every signal at its default disposition (so that a shell
 * child can trap a signal that the JVM ignores), then its working directory. The parent's copies of the
 * child's ends are closed at once, so end of stream on a pipe means the child (and whatever inherited
 * the pipe from it) closed it.
 *
 * <p>Exit ({@link #poll}): the pidfd becomes readable when the child exits; {@code waitpid} then reaps
 * it and returns the raw wait status, from which the return code is exact: the exit status, or minus
 * the signal number when a signal killed the child, as {@code Popen.returncode}. Nothing else in the
 * JVM reaps these children (the JDK's {@code ProcessHandle} waits without reaping), so the pid is ours
 * until {@link #poll} has reaped it, and signals go through the pidfd, which can never reach another
 * process.
 */
public final class NativeProcess {

    /** asyncio's return code for a child whose status was lost (reaped elsewhere): its child watchers use 255. */
    public static final int UNKNOWN_RETURNCODE = 255;
    private static final String DEFAULT_PATH = "/bin:/usr/bin";
    private static final Function ADDCLOSEFROM = optional("posix_spawn_file_actions_addclosefrom_np");
    private static final Function ADDCHDIR = optional("posix_spawn_file_actions_addchdir_np");

    private final int pid;
    private final ProcessHandle handle;
    private final FdChannel stdin;
    private final FdChannel stdout;
    private final FdChannel stderr;
    private int pidfd;
    private Integer returncode;
    private boolean statusLost;

    private NativeProcess(int pid, int pidfd, FdChannel stdin, FdChannel stdout, FdChannel stderr) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.handle = ProcessHandle.of(pid).orElse(null);
    }

    /** Null when child processes can be started here, else why not. */
    public static String unsupportedReason() {
        if (LibC.UNAVAILABLE != null) {
            return LibC.UNAVAILABLE;
        }
        return PidfdCheck.REASON;
    }

    /**
     * Starts {@code argv} with the parent's environment plus {@code environment}.
     *
     * @param argv        the program and its arguments; the program is looked up on the child's
     *                    {@code PATH} unless it contains a {@code /} (then relative to
     *                    {@code workingDirectory}, as {@code Popen} does)
     * @param environment variables added to (or replacing those of) the parent's environment
     * @param workingDirectory the child's working directory, or null for the parent's
     * @throws IllegalArgumentException if an argument or variable contains a NUL character, or a
     *                                  variable name is empty or contains {@code =}
     * @throws FileNotFoundException    if the program or the working directory does not exist
     * @throws IOException              if the pipes cannot be created or {@code posix_spawn} fails
     *                                  (for example {@link java.nio.file.AccessDeniedException} for a
     *                                  program that is not executable); nothing is left open then
     */
    public static NativeProcess spawn(List<String> argv, Map<String, String> environment, String workingDirectory,
                                      Stdio in, Stdio out, Stdio err) throws IOException {
        String reason = unsupportedReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
        for (String arg : argv) {
            checkNoNul(arg, "argument");
        }
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("illegal environment variable name: '" + name + "'");
            }
            checkNoNul(name, "environment variable name");
            checkNoNul(value, "environment variable value");
            env.put(name, value);
        });
        Path cwd = null;
        if (workingDirectory != null) {
            checkNoNul(workingDirectory, "working directory");
            cwd = Path.of(workingDirectory).toAbsolutePath();
            if (!Files.isDirectory(cwd)) {
                throw new FileNotFoundException("working directory does not exist: " + workingDirectory);
            }
            if (ADDCHDIR == null) {
                throw new UnsupportedOperationException("a working directory needs posix_spawn_file_actions_addchdir_np (glibc 2.29+)");
            }
        }
        String program = resolve(argv.get(0), env.get("PATH"), cwd);
        String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);

        // parent[i] is kept, child[i] goes to the child as fd i; -1 when not piped.
        int[] parent = {-1, -1, -1};
        int[] child = {-1, -1, -1};
        Memory actions = null;
        Memory attributes = null;
        Memory empty = null;
        Memory all = null;
        try {
            Stdio[] modes = {in, out, err};
            for (int i = 0; i < 3; i++) {
                if (modes[i] == Stdio.PIPE) {
                    int[] ends = pipe();
                    parent[i] = ends[i == 0 ? 1 : 0];
                    child[i] = ends[i == 0 ? 0 : 1];
                    setNonBlocking(parent[i]);
                }
            }
            LibC.Calls c = LibC.CALLS;
            actions = new Memory(LibC.OPAQUE_SIZE);
            check(c.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            for (int i = 0; i < 3; i++) {
                switch (modes[i]) {
                    case PIPE:
                        check(c.posix_spawn_file_actions_adddup2(actions, child[i], i), "posix_spawn_file_actions_adddup2");
                        break;
                    case DEVNULL:
                        check(c.posix_spawn_file_actions_addopen(actions, i, "/dev/null", i == 0 ? LibC.O_RDONLY : LibC.O_WRONLY, 0),
                                "posix_spawn_file_actions_addopen");
                        break;
                    case STDOUT: // stderr only (checked by SubprocessOptions); stdout is in place by now
                        check(c.posix_spawn_file_actions_adddup2(actions, 1, 2), "posix_spawn_file_actions_adddup2");
                        break;
                    case INHERIT:
                    default:
                        break;
                }
            }
            closeOtherDescriptors(actions);
            if (cwd != null) {
                check(ADDCHDIR.invokeInt(new Object[] {actions, cwd.toString()}), "posix_spawn_file_actions_addchdir_np");
            }
            attributes = new Memory(LibC.OPAQUE_SIZE);
            check(c.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            empty = new Memory(LibC.OPAQUE_SIZE);
            all = new Memory(LibC.OPAQUE_SIZE);
            c.sigemptyset(empty);
            c.sigfillset(all);
            check(c.posix_spawnattr_setsigmask(attributes, empty), "posix_spawnattr_setsigmask");
            check(c.posix_spawnattr_setsigdefault(attributes, all), "posix_spawnattr_setsigdefault");
            check(c.posix_spawnattr_setflags(attributes, (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF)),
                    "posix_spawnattr_setflags");

            int[] pid = new int[1];
            int error = c.posix_spawn(pid, program, actions, attributes, argv.toArray(new String[0]), envp);
            if (error != 0) {
                throw LibC.error("cannot start " + program, error);
            }
            long pidfd = c.syscall(LibC.SYS_PIDFD_OPEN, pid[0], 0);
            if (pidfd < 0) {
                int errno = Native.getLastError();
                killAndWait(pid[0]);
                throw LibC.error("pidfd_open(" + pid[0] + ")", errno);
            }
            return new NativeProcess(pid[0], (int) pidfd,
                    parent[0] < 0 ? null : new FdChannel(parent[0], "stdin of " + pid[0]),
                    parent[1] < 0 ? null : new FdChannel(parent[1], "stdout of " + pid[0]),
                    parent[2] < 0 ? null : new FdChannel(parent[2], "stderr of " + pid[0]));
        } catch (IOException | RuntimeException | Error failure) {
            for (int fd : parent) {
                closeQuietly(fd);
            }
            throw failure;
        } finally {
            for (int fd : child) {
                closeQuietly(fd);
            }
            if (actions != null) {
                LibC.CALLS.posix_spawn_file_actions_destroy(actions);
                actions.close();
            }
            if (attributes != null) {
                LibC.CALLS.posix_spawnattr_destroy(attributes);
                attributes.close();
            }
            for (Memory set : new Memory[] {empty, all}) {
                if (set != null) {
                    set.close();
                }
            }
        }
    }

    public int pid() {
        return pid;
    }

    /** The pidfd, readable once the child has exited; -1 once reaped or abandoned. */
    public int pidfd() {
        return pidfd;
    }

    /** The {@link ProcessHandle} of the child (null if it had already vanished when asked, which it cannot have). */
    public ProcessHandle handle() {
        return handle;
    }

    /** The parent's end of the child's stdin, or null when not piped. */
    public FdChannel stdin() {
        return stdin;
    }

    /** The parent's end of the child's stdout, or null when not piped. */
    public FdChannel stdout() {
        return stdout;
    }

    /** The parent's end of the child's stderr, or null when not piped. */
    public FdChannel stderr() {
        return stderr;
    }

    /**
     * Whether the child was found reaped by someone else (waitpid failed with ECHILD): its status is
     * lost and {@link #returncode()} is {@value #UNKNOWN_RETURNCODE}.
     */
    public boolean statusLost() {
        return statusLost;
    }

    /** The return code once reaped, else null. */
    public Integer returncode() {
        return returncode;
    }

    /**
     * Reaps the child if it has exited ({@code waitpid} with {@code WNOHANG}) and closes the pidfd.
     *
     * @return the return code: the exit status, or minus the signal number that killed the child;
     *         {@value #UNKNOWN_RETURNCODE} if the child was reaped by someone else (its status is
     *         lost; asyncio's child watchers report 255 then); null while it runs
     */
    public Integer poll() {
        if (returncode != null || pidfd < 0) {
            return returncode;
        }
        int[] status = new int[1];
        int reaped;
        do {
            reaped = LibC.waitpid(pid, status, LibC.WNOHANG);
        } while (reaped < 0 && LibC.errno() == LibC.EINTR);
        if (reaped == 0) {
            return null;
        }
        statusLost = reaped < 0;
        returncode = statusLost ? UNKNOWN_RETURNCODE : returncodeOf(status[0]);
        LibC.close(pidfd);
        pidfd = -1;
        return returncode;
    }

    /**
     * {@code Popen.returncode} from a raw wait status: {@code WEXITSTATUS} when {@code WIFEXITED},
     * minus {@code WTERMSIG} when {@code WIFSIGNALED}. Exact: the two cases are told apart by the
     * status's low 7 bits, never guessed from a number.
     *
     * @throws IllegalArgumentException for the status of a stopped or continued child (not asked for)
     */
    static int returncodeOf(int status) {
        int termsig = status & 0x7f;
        if (termsig == 0) {
            return (status >> 8) & 0xff;
        }
        if (termsig != 0x7f && status != 0xffff) {
            return -termsig;
        }
        throw new IllegalArgumentException("not an exit status: 0x" + Integer.toHexString(status));
    }

    /**
     * Sends {@code signal} through the pidfd. A child that has exited but is not reaped yet ignores it.
     *
     * @throws ProcessLookupException   if the child has been reaped (or abandoned)
     * @throws IllegalArgumentException if {@code signal} is not a valid signal number
     * @throws IOException              if the signal cannot be sent otherwise
     */
    public void sendSignal(int signal) throws IOException {
        if (returncode != null || pidfd < 0) {
            throw new ProcessLookupException("process " + pid + " has exited and been reaped (returncode "
                    + returncode + "): no signal is sent to a pid that may have been reused");
        }
        long result = LibC.CALLS.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, Pointer.NULL, 0);
        if (result != 0) {
            int errno = Native.getLastError();
            if (errno == LibC.ESRCH) {
                return; // exited, not reaped yet: as Popen.send_signal, nothing to do
            }
            if (errno == LibC.EINVAL) {
                throw new IllegalArgumentException("invalid signal number " + signal);
            }
            throw LibC.error("pidfd_send_signal(" + pid + ", " + signal + ")", errno);
        }
    }

    /**
     * Gives the child up: kills it if it was not reaped and hands its pidfd to the poller, which reaps
     * it. Closes the parent's pipe ends still open. For a loop that closes, and for a child whose
     * protocol could not be created.
     */
    public void abandon() {
        for (FdChannel pipe : new FdChannel[] {stdin, stdout, stderr}) {
            if (pipe != null) {
                pipe.close();
            }
        }
        if (returncode != null || pidfd < 0) {
            return;
        }
        LibC.CALLS.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, pidfd, LibC.SIGKILL, Pointer.NULL, 0);
        int fd = pidfd;
        pidfd = -1;
        try {
            ProcessPoller.get().reapOrphan(pid, fd);
        } catch (IOException e) {
            killAndWait(pid); // no poller: the child was just killed, wait for it here
            LibC.close(fd);
        }
    }

    @Override
    public String toString() {
        return "NativeProcess[pid " + pid + (returncode != null ? ", returncode " + returncode : ", running") + "]";
    }

    // ---- internals

    /** The program's path: {@code name} itself if it contains a slash, else the first executable on {@code path}. */
    private static String resolve(String name, String path, Path cwd) throws FileNotFoundException {
        if (name.isEmpty()) {
            throw new FileNotFoundException("the program name is empty");
        }
        if (name.indexOf('/') >= 0) {
            Path program = cwd != null ? cwd.resolve(name) : Path.of(name);
            if (!Files.exists(program)) {
                throw new FileNotFoundException("no such program: " + name);
            }
            return program.toString();
        }
        for (String dir : (path != null ? path : DEFAULT_PATH).split(":", -1)) {
            Path base = dir.isEmpty() ? Path.of(".") : Path.of(dir);
            Path candidate = (cwd != null ? cwd.resolve(base) : base).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new FileNotFoundException("no such program: " + name + " (not found on PATH " + (path != null ? path : DEFAULT_PATH) + ")");
    }

    /** A close-on-exec pipe whose descriptors are all above 2, so that no dup2 of the spawn overwrites one. */
    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0) {
            throw LibC.error("pipe2", LibC.errno());
        }
        try {
            for (int i = 0; i < 2; i++) {
                if (fds[i] <= 2) {
                    int moved = LibC.CALLS.fcntl(fds[i], LibC.F_DUPFD_CLOEXEC, 3);
                    if (moved < 0) {
                        throw LibC.error("fcntl(F_DUPFD_CLOEXEC)", Native.getLastError());
                    }
                    LibC.close(fds[i]);
                    fds[i] = moved;
                }
            }
        } catch (IOException failure) {
            closeQuietly(fds[0]);
            closeQuietly(fds[1]);
            throw failure;
        }
        return fds;
    }

    private static void setNonBlocking(int fd) throws IOException {
        int flags = LibC.CALLS.fcntl(fd, LibC.F_GETFL);
        if (flags < 0 || LibC.CALLS.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0) {
            throw LibC.error("fcntl(O_NONBLOCK)", Native.getLastError());
        }
    }

    /**
     * Closes every descriptor above 2 in the child: with {@code addclosefrom_np} (glibc 2.34+), else
     * one close action per descriptor open now (those opened by other threads meanwhile may leak into
     * the child: the fallback's limit).
     */
    private static void closeOtherDescriptors(Memory actions) throws IOException {
        if (ADDCLOSEFROM != null) {
            check(ADDCLOSEFROM.invokeInt(new Object[] {actions, 3}), "posix_spawn_file_actions_addclosefrom_np");
            return;
        }
        List<Integer> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                open.add(Integer.parseInt(fd.getFileName().toString()));
            }
        }
        for (int fd : open) {
            if (fd > 2) {
                check(LibC.CALLS.posix_spawn_file_actions_addclose(actions, fd), "posix_spawn_file_actions_addclose");
            }
        }
    }

    /** Kills a child not reaped yet (so its pid is still ours) and reaps it, blocking: it dies at once. */
    private static void killAndWait(int pid) {
        LibC.kill(pid, LibC.SIGKILL);
        int[] status = new int[1];
        while (LibC.waitpid(pid, status, 0) < 0 && LibC.errno() == LibC.EINTR) {
            // retry
        }
    }

    private static void check(int error, String call) throws IOException {
        if (error != 0) {
            throw LibC.error(call, error);
        }
    }

    private static void checkNoNul(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character: " + value.replace('\0', '?'));
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            LibC.close(fd);
        }
    }

    private static Function optional(String name) {
        if (LibC.UNAVAILABLE != null) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME, LibC.OPTIONS).getFunction(name);
        } catch (UnsatisfiedLinkError missing) {
            return null;
        }
    }

    /** Whether pidfd_open works here (Linux 5.3+), checked once on the JVM's own pid. */
    private static final class PidfdCheck {
        static final String REASON = check();

        private static String check() {
            if (LibC.UNAVAILABLE != null) {
                return LibC.UNAVAILABLE;
            }
            long fd = LibC.CALLS.syscall(LibC.SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
            if (fd < 0) {
                return "child processes need pidfd_open (Linux 5.3+): " + LibC.strerror(Native.getLastError());
            }
            LibC.close((int) fd);
            return null;
        }
    }
}
