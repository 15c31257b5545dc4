package io.asynciotck.reference.process;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;
import io.asynciotck.reference.loop.IoRegistration;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readiness of the descriptors the JDK's selector cannot watch, the pipes and pidfds of child
 * processes: one epoll instance and one daemon thread for the whole JVM, whatever the number of loops,
 * children and pipes. The thread only waits and forwards: each event is handed to the owning loop with
 * {@code callSoon}, and the loop thread does the I/O, the reaping and every protocol callback.
 *
 * <p>Every registration is one-shot ({@code EPOLLONESHOT}): after an event the descriptor is disarmed
 * until the loop thread has handled it and re-armed it with the interest the transport then has. So
 * at most one event per descriptor is in flight, and a transport that pauses reading is simply not
 * re-armed: the child then blocks on a full pipe, and nothing is buffered in the parent. Events carry
 * a registration number, not the descriptor, so an event for a descriptor closed (and its number
 * reused) in the meantime finds no registration and is dropped.
 *
 * <p>The thread also reaps the children that a closed loop abandoned ({@link #reapOrphan}): it owns
 * no protocol, so it needs no loop.
 */
public final class ProcessPoller {

    private static final System.Logger LOG = System.getLogger(ProcessPoller.class.getName());
    private static final int MAX_EVENTS = 64;
    private static ProcessPoller instance;

    private final int epfd;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private ProcessPoller(int epfd) {
        this.epfd = epfd;
        Thread thread = new Thread(this::run, "asyncio-tck-process-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** The poller, started on first use. */
    public static synchronized ProcessPoller get() throws IOException {
        if (instance == null) {
            if (LibC.UNAVAILABLE != null) {
                throw new UnsupportedOperationException(LibC.UNAVAILABLE);
            }
            int epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
            if (epfd < 0) {
                throw LibC.error("epoll_create1", LibC.errno());
            }
            instance = new ProcessPoller(epfd);
        }
        return instance;
    }

    /**
     * Registers a descriptor, not armed yet: {@link Registration#interestOps(int)} arms it. Loop thread.
     *
     * @param fd       the descriptor; the caller keeps owning it, and cancels the registration before
     *                 closing it
     * @param writeEnd whether {@code fd} is the write end of a pipe: its {@code OP_READ} then means
     *                 "tell me when the reader closes its end" (the readiness asyncio watches with a
     *                 reader on a write pipe), reported as {@code OP_READ}
     * @param loop     the loop that handles the events
     */
    public Registration register(int fd, boolean writeEnd, SelectorEventLoop loop) {
        Registration registration = new Registration(ids.incrementAndGet(), fd, writeEnd, loop);
        entries.put(registration.id, registration);
        return registration;
    }

    /**
     * Takes over a child whose loop is gone: reaps it when it exits (the caller has killed it), then
     * closes {@code pidfd}. Any thread.
     */
    public void reapOrphan(int pid, int pidfd) {
        Orphan orphan = new Orphan(ids.incrementAndGet(), pid, pidfd);
        entries.put(orphan.id, orphan);
        orphan.arm(LibC.EPOLL_CTL_ADD);
    }

    private void run() {
        Memory events = new Memory((long) MAX_EVENTS * LibC.EPOLL_EVENT_SIZE);
        while (true) {
            int n = LibC.epoll_wait(epfd, events, MAX_EVENTS, -1);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno != LibC.EINTR) {
                    LOG.log(Level.ERROR, "epoll_wait failed: " + LibC.strerror(errno) + "; process I/O stops");
                    return;
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                long offset = (long) i * LibC.EPOLL_EVENT_SIZE;
                int ready = events.getInt(offset);
                Entry entry = entries.get(events.getLong(offset + LibC.EPOLL_DATA_OFFSET));
                if (entry != null) {
                    try {
                        entry.fired(ready);
                    } catch (Throwable failure) {
                        Failures.rethrowIfFatal(failure);
                        LOG.log(Level.ERROR, "process poller: event for " + entry + " failed", failure);
                    }
                }
            }
        }
    }

    /** {@code epoll_ctl}; false with errno set when it fails. */
    private boolean control(int op, int fd, int events, long id, Memory event) {
        event.setInt(0, events);
        event.setLong(LibC.EPOLL_DATA_OFFSET, id);
        return LibC.epoll_ctl(epfd, op, fd, op == LibC.EPOLL_CTL_DEL ? Pointer.NULL : event) == 0;
    }

    private abstract static class Entry {
        final long id;

        Entry(long id) {
            this.id = id;
        }

        /** On the poller thread. */
        abstract void fired(int epollEvents);
    }

    /**
     * A descriptor watched for a loop: an {@link IoRegistration} whose readiness is handed to the
     * loop thread and dispatched there to the attached {@link IoHandler}, which is also added to the
     * loop's external handlers so that closing the loop closes it. Loop thread only, but for the
     * poller's {@link #fired}.
     */
    public final class Registration extends Entry implements IoRegistration {
        private final int fd;
        private final boolean writeEnd;
        private final SelectorEventLoop loop;
        private final Memory event = new Memory(16);
        private IoHandler handler;
        private int ops;
        /** Whether {@code fd} is in the epoll set (armed, or disarmed after a one-shot event). */
        private boolean added;
        private boolean cancelled;

        private Registration(long id, int fd, boolean writeEnd, SelectorEventLoop loop) {
            super(id);
            this.fd = fd;
            this.writeEnd = writeEnd;
            this.loop = loop;
        }

        @Override
        public int interestOps() {
            return ops;
        }

        @Override
        public void interestOps(int ops) {
            this.ops = ops;
            if (!cancelled) {
                apply();
            }
        }

        @Override
        public void attach(IoHandler handler) {
            if (this.handler != null) {
                loop.removeExternalHandler(this.handler);
            }
            this.handler = handler;
            loop.addExternalHandler(handler);
        }

        /** Removes the descriptor from the epoll set; an event already in flight is dropped. */
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            entries.remove(id);
            if (added) {
                control(LibC.EPOLL_CTL_DEL, fd, 0, id, event);
                added = false;
            }
            if (handler != null) {
                loop.removeExternalHandler(handler);
            }
        }

        @Override
        void fired(int epollEvents) {
            try {
                loop.callSoon(() -> dispatch(epollEvents));
            } catch (IllegalStateException closed) {
                // the loop is closed: closing it closed this registration's handler too
            }
        }

        @Override
        public String toString() {
            return "Registration[fd " + fd + (writeEnd ? ", write end" : "") + ", ops " + ops + ", " + handler + "]";
        }

        /** On the loop thread: the handler handles the event, then the descriptor is re-armed. */
        private void dispatch(int epollEvents) {
            if (cancelled) {
                return;
            }
            int ready = 0;
            if (writeEnd) {
                if ((epollEvents & (LibC.EPOLLERR | LibC.EPOLLHUP)) != 0) {
                    ready |= SelectionKey.OP_READ;
                }
                if ((epollEvents & LibC.EPOLLOUT) != 0) {
                    ready |= SelectionKey.OP_WRITE;
                }
            } else if ((epollEvents & (LibC.EPOLLIN | LibC.EPOLLERR | LibC.EPOLLHUP)) != 0) {
                ready |= SelectionKey.OP_READ;
            }
            try {
                handler.onReady(ready & (ops | (writeEnd ? SelectionKey.OP_READ : 0)));
            } catch (Throwable failure) {
                Failures.rethrowIfFatal(failure);
                loop.reportException(new ExceptionContext("Exception in I/O handler " + handler, failure, handler, null));
            } finally {
                if (!cancelled) {
                    apply();
                }
            }
        }

        /** Arms the descriptor for the current interest, or takes it out of the set when there is none. */
        private void apply() {
            if (ops == 0) {
                if (added) {
                    control(LibC.EPOLL_CTL_DEL, fd, 0, id, event);
                    added = false;
                }
                return;
            }
            int events = LibC.EPOLLONESHOT;
            if ((ops & SelectionKey.OP_READ) != 0 && !writeEnd) {
                events |= LibC.EPOLLIN;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                events |= LibC.EPOLLOUT;
            }
            // A write end with OP_READ only is armed for EPOLLERR/EPOLLHUP, which epoll always reports.
            if (!control(added ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD, fd, events, id, event)) {
                int errno = LibC.errno();
                throw new IllegalStateException("epoll_ctl on fd " + fd + " failed: " + LibC.strerror(errno));
            }
            added = true;
        }
    }

    /** A child abandoned by its closed loop: reaped here when its pidfd becomes readable. */
    private final class Orphan extends Entry {
        private final int pid;
        private final int pidfd;
        private final Memory event = new Memory(16);

        Orphan(long id, int pid, int pidfd) {
            super(id);
            this.pid = pid;
            this.pidfd = pidfd;
        }

        void arm(int op) {
            if (!control(op, pidfd, LibC.EPOLLIN | LibC.EPOLLONESHOT, id, event)) {
                LOG.log(Level.ERROR, "cannot watch abandoned child " + pid + ": " + LibC.strerror(LibC.errno()));
                entries.remove(id);
            }
        }

        @Override
        void fired(int epollEvents) {
            int reaped = LibC.waitpid(pid, new int[1], LibC.WNOHANG);
            if (reaped == 0) {
                arm(LibC.EPOLL_CTL_MOD); // not yet: wait again
                return;
            }
            entries.remove(id);
            control(LibC.EPOLL_CTL_DEL, pidfd, 0, id, event);
            LibC.close(pidfd);
        }

        @Override
        public String toString() {
            return "Orphan[pid " + pid + "]";
        }
    }
}
