package io.asynciotck.reference.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.Map;

/**
 * The few libc calls the process support needs, through JNA: direct mapping for the calls made per
 * I/O event, an interface mapping for the rest (variadic calls and the spawn set, called once per
 * child). Linux on a 64-bit platform only: {@code ssize_t} and {@code size_t} are mapped to
 * {@code long}, and the constants below are Linux's (the same on x86_64 and aarch64).
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EPERM = 1;
    static final int EINVAL = 22;

    static final int WNOHANG = 1;
    static final int SIGKILL = 9;

    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLONESHOT = 1 << 30;
    /** {@code struct epoll_event} is packed on x86 (12 bytes), naturally aligned elsewhere (16). */
    static final int EPOLL_EVENT_SIZE = Platform.isIntel() ? 12 : 16;
    static final int EPOLL_DATA_OFFSET = Platform.isIntel() ? 4 : 8;

    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final long SYS_PIDFD_OPEN = 434;

    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Room for glibc's {@code posix_spawn_file_actions_t} (80 bytes), {@code posix_spawnattr_t} (336), {@code sigset_t} (128). */
    static final int OPAQUE_SIZE = 1024;

    /** Strings (arguments, environment, paths) go to the C library as UTF-8, whatever the JVM's locale. */
    static final Map<String, Object> OPTIONS = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");

    /** Why the calls cannot be used here, or null when they can. */
    static final String UNAVAILABLE;
    /** The interface-mapped calls; null when {@link #UNAVAILABLE}. */
    static final Calls CALLS;

    static {
        String reason = null;
        Calls calls = null;
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            reason = "child processes need 64-bit Linux, this is " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        } else {
            try {
                Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                calls = Native.load(Platform.C_LIBRARY_NAME, Calls.class, OPTIONS);
            } catch (Throwable failure) {
                reason = "libc cannot be reached through JNA: " + failure;
            }
        }
        UNAVAILABLE = reason;
        CALLS = calls;
    }

    private LibC() {
    }

    // ---- direct mapping: the calls made per I/O event

    static native int close(int fd);

    static native long read(int fd, Pointer buffer, long count);

    static native long write(int fd, Pointer buffer, long count);

    static native int pipe2(int[] fds, int flags);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

    static native int epoll_wait(int epfd, Pointer events, int maxEvents, int timeout);

    static native int waitpid(int pid, int[] status, int options);

    static native int kill(int pid, int signal);

    /** errno of the last direct call on this thread. */
    static int errno() {
        return Native.getLastError();
    }

    /** The C library's message for {@code errno}. */
    static String strerror(int errno) {
        return CALLS.strerror(errno);
    }

    /**
     * The exception for a failed call: {@link FileNotFoundException} for ENOENT,
     * {@link AccessDeniedException} for EACCES and EPERM, else an {@link IOException}; the message
     * names {@code what}, the C library's message and the errno.
     */
    static IOException error(String what, int errno) {
        String message = what + ": " + strerror(errno) + " (errno " + errno + ")";
        switch (errno) {
            case ENOENT:
                return new FileNotFoundException(message);
            case EACCES:
            case EPERM:
                return new AccessDeniedException(message);
            default:
                return new IOException(message);
        }
    }

    /** The calls made rarely, and the variadic ones. */
    interface Calls extends Library {

        String strerror(int errno);

        int fcntl(int fd, int cmd, Object... args);

        long syscall(long number, Object... args);

        int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attributes, String[] argv, String[] envp);

        int posix_spawn_file_actions_init(Pointer fileActions);

        int posix_spawn_file_actions_destroy(Pointer fileActions);

        int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

        int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

        int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

        int posix_spawnattr_init(Pointer attributes);

        int posix_spawnattr_destroy(Pointer attributes);

        int posix_spawnattr_setflags(Pointer attributes, short flags);

        int posix_spawnattr_setsigmask(Pointer attributes, Pointer set);

        int posix_spawnattr_setsigdefault(Pointer attributes, Pointer set);

        int sigemptyset(Pointer set);

        int sigfillset(Pointer set);
    }
}
