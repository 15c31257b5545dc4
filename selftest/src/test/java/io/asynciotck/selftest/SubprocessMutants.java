package io.asynciotck.selftest;

import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.SubprocessTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Broken implementations of the SubprocessTransport and SubprocessProtocol rules (PT, CB-8 to CB-10). */
final class SubprocessMutants {

    private SubprocessMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new SwapsStdoutAndStderr(),
            new PipeTransportForAnyFd(),
            new TerminateKills(),
            new WrongPid(),
            new ReturncodeZeroWhileRunning(),
            new SendSignalSendsTerm(),
            new ProcessExitedTwice(),
            new StdinAndStdoutSwapped(),
            new KillTerminates(),
            new CloseLeavesTheChildRunning(),
            new NoStdoutTransport(),
            new StderrFallsBackToStdout(),
            new CloseForgetsStdinLost(),
            new PipeLostHeldUntilExit(),
            new StdoutPauseReadingDoesNothing(),
            new KilledChildExitsAfterConnectionLost(),
            new KillOfAnExitedChildIgnored(),
            new SendSignalToAnExitedChildIgnored(),
            new TerminateOfAnExitedChildIgnored(),
            new StdoutChunksReordered());

    /** CB-8: pipe_data_received() with the wrong fd: stdout's data as fd 2, stderr's as fd 1. */
    static final class SwapsStdoutAndStderr extends BrokenImplementation {
        SwapsStdoutAndStderr() {
            super("CB-8", "pipe_data_received() swaps fds 1 and 2");
            alsoBreaks("most subprocess scenarios wait for what the child writes on its stdout, which now arrives as fd 2",
                    Set.of("FC-1", "FC-2", "FC-9", "PT-1", "PT-2", "PT-3", "PT-4", "PT-6", "PT-7", "PT-9", "PT-10", "RT-1", "RT-2"));
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                @Override
                public void pipeDataReceived(int fd, byte[] data) {
                    delegate.pipeDataReceived(fd == 1 ? 2 : fd == 2 ? 1 : fd, data);
                }
            };
        }
    }

    /** PT-5: get_pipe_transport() of any other fd is stdin's transport, not None. */
    static final class PipeTransportForAnyFd extends BrokenImplementation {
        PipeTransportForAnyFd() {
            super("PT-5", "get_pipe_transport(fd) for an fd other than 0, 1, 2 returns stdin's transport");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public BaseTransport getPipeTransport(int fd) {
                    return fd >= 0 && fd <= 2 ? delegate.getPipeTransport(fd) : delegate.getPipeTransport(0);
                }
            };
        }
    }

    /** PT-10: terminate() sends SIGKILL. */
    static final class TerminateKills extends BrokenImplementation {
        TerminateKills() {
            super("PT-10", "terminate() is kill()");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public void terminate() {
                    delegate.kill();
                }
            };
        }
    }

    /**
     * PT-1: get_pid() is the loop's own process id ({@code os.getpid()}), not the child's.
     *
     * <p>Not the child's pid plus one: the in-process session reaps, at its close, a process descended
     * from the JVM that {@code get_pid()} named, and the self-test runs several TCK runs in one JVM, so
     * pid + 1 was at times another run's child, killed in the middle of its scenario.
     */
    static final class WrongPid extends BrokenImplementation {
        WrongPid() {
            super("PT-1", "get_pid() returns the loop's own pid");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public long getPid() {
                    return ProcessHandle.current().pid();
                }
            };
        }
    }

    /** PT-6: get_returncode() is 0 while the child runs. */
    static final class ReturncodeZeroWhileRunning extends BrokenImplementation {
        ReturncodeZeroWhileRunning() {
            super("PT-6", "get_returncode() returns 0 instead of None while the child runs");
            alsoBreaks("the scenarios wait for the exit by get_returncode() becoming a number: they read 0 at once",
                    Set.of("PT-7", "PT-9", "PT-10", "PT-12", "PT-13", "FC-1", "FC-2", "FC-9", "PT-1", "PT-2", "PT-3", "PT-4", "PT-5",
                    "BT-15", "CB-8", "CB-9", "CB-10", "RT-1", "RT-2"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public Integer getReturncode() {
                    Integer code = delegate.getReturncode();
                    return code == null ? Integer.valueOf(0) : code;
                }
            };
        }
    }

    /** PT-9: send_signal() sends SIGTERM whatever the number. */
    static final class SendSignalSendsTerm extends BrokenImplementation {
        SendSignalSendsTerm() {
            super("PT-9", "send_signal(n) sends SIGTERM (15)");
            alsoBreaks("the stdin flow-control scenario's child reads its stdin once it gets SIGUSR1; SIGTERM kills it",
                    Set.of("FC-1", "FC-2", "FC-9"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public void sendSignal(int signal) {
                    delegate.sendSignal(15); // the other scenarios that send a signal lose their child
                }
            };
        }
    }

    /** CB-10: process_exited() twice. */
    static final class ProcessExitedTwice extends BrokenImplementation {
        ProcessExitedTwice() {
            super("CB-10", "process_exited() is called twice");
            alsoBreaks("their scenarios check process_exited() once with the rest of the sequence",
                    Set.of("CB-9", "CB-4", "CB-5"));
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                @Override
                public void processExited() {
                    delegate.processExited();
                    delegate.processExited();
                }
            };
        }
    }

    /** PT-2: get_pipe_transport(0) and (1) swapped. */
    static final class StdinAndStdoutSwapped extends BrokenImplementation {
        StdinAndStdoutSwapped() {
            super("PT-2", "get_pipe_transport(0) returns stdout's transport and (1) stdin's");
            alsoBreaks("every scenario that writes the child's stdin or pauses its stdout goes through "
                    + "get_pipe_transport, and most end by closing its stdin", Set.of("PT-1", "PT-3", "PT-4", "PT-5",
                    "PT-6", "PT-7", "PT-9", "PT-10", "PT-12", "PT-13", "CB-8", "CB-9", "CB-10", "CB-4", "CB-5", "FC-1",
                    "FC-2", "FC-9", "RT-1", "RT-2", "BT-15", "PR-5", "WT-18"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public BaseTransport getPipeTransport(int fd) {
                    return delegate.getPipeTransport(fd == 0 ? 1 : fd == 1 ? 0 : fd);
                }
            };
        }
    }

    /** PT-7: kill() sends SIGTERM. */
    static final class KillTerminates extends BrokenImplementation {
        KillTerminates() {
            super("PT-7", "kill() is terminate()");
            alsoBreaks("the scenario of a child that ignores SIGTERM also checks terminate()", Set.of("PT-10", "FC-1", "FC-9"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public void kill() {
                    delegate.terminate();
                }
            };
        }
    }

    /** PT-13: close() does nothing: the child runs on, its pipes stay open. */
    static final class CloseLeavesTheChildRunning extends BrokenImplementation {
        CloseLeavesTheChildRunning() {
            super("PT-13", "close() of the subprocess transport does nothing");
            alsoBreaks("PT-12's scenario is the same one (stance S-10)", Set.of("PT-12"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public void close() {
                }
            };
        }
    }

    /** PT-3: get_pipe_transport(1) is None although stdout is piped. */
    static final class NoStdoutTransport extends BrokenImplementation {
        NoStdoutTransport() {
            super("PT-3", "get_pipe_transport(1) is None even when stdout is piped");
            alsoBreaks("the scenario that pauses reading stdout gets its transport from get_pipe_transport(1)",
                    Set.of("CB-8", "RT-1", "RT-2"));
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public BaseTransport getPipeTransport(int fd) {
                    return fd == 1 ? null : delegate.getPipeTransport(fd);
                }
            };
        }
    }

    /** PT-4: get_pipe_transport(2) is stdout's transport when stderr is not piped. */
    static final class StderrFallsBackToStdout extends BrokenImplementation {
        StderrFallsBackToStdout() {
            super("PT-4", "get_pipe_transport(2) is stdout's transport when stderr has none of its own");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public BaseTransport getPipeTransport(int fd) {
                    BaseTransport transport = delegate.getPipeTransport(fd);
                    return transport == null && fd == 2 ? delegate.getPipeTransport(1) : transport;
                }
            };
        }
    }

    /** PT-12: close() closes the child's stdin without pipe_connection_lost(0). */
    static final class CloseForgetsStdinLost extends BrokenImplementation {
        CloseForgetsStdinLost() {
            super("PT-12", "after close(), pipe_connection_lost(0) is not called");
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                private boolean closed;

                @Override
                public void connectionMade(SubprocessTransport transport) {
                    delegate.connectionMade(new Delegating.Subprocess(transport) {
                        @Override
                        public void close() {
                            closed = true;
                            delegate.close();
                        }
                    });
                }

                @Override
                public void pipeConnectionLost(int fd, Exception exc) {
                    if (!(closed && fd == 0)) {
                        delegate.pipeConnectionLost(fd, exc);
                    }
                }
            };
        }
    }

    /** CB-9: pipe_connection_lost() only once the child exited, not when the pipe closed. */
    static final class PipeLostHeldUntilExit extends BrokenImplementation {
        PipeLostHeldUntilExit() {
            super("CB-9", "pipe_connection_lost() is held back until the child exits");
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                private final List<Runnable> held = new ArrayList<>();

                @Override
                public void pipeConnectionLost(int fd, Exception exc) {
                    held.add(() -> delegate.pipeConnectionLost(fd, exc));
                }

                @Override
                public void processExited() {
                    held.forEach(Runnable::run);
                    held.clear();
                    delegate.processExited();
                }

                @Override
                public void connectionLost(Exception exc) {
                    held.forEach(Runnable::run);
                    held.clear();
                    delegate.connectionLost(exc);
                }
            };
        }
    }

    /** RT-1: pause_reading() on the child's stdout pipe does nothing. */
    static final class StdoutPauseReadingDoesNothing extends BrokenImplementation {
        StdoutPauseReadingDoesNothing() {
            super("RT-1", "pause_reading() on the child's stdout pipe is ignored");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public BaseTransport getPipeTransport(int fd) {
                    BaseTransport transport = delegate.getPipeTransport(fd);
                    if (fd == 1 && transport instanceof ReadTransport stdout) {
                        return new Delegating.ReadPipe(stdout) {
                            @Override
                            public void pauseReading() {
                            }
                        };
                    }
                    return transport;
                }
            };
        }
    }

    /**
     * CB-5: a child killed by a signal (terminate(), kill(), send_signal(), close()) gets its
     * process_exited() after connection_lost(), as if the signal had lost the connection first. A child
     * that exits by itself is reported in order, so only the scenarios that end a child see it.
     */
    static final class KilledChildExitsAfterConnectionLost extends BrokenImplementation {
        KilledChildExitsAfterConnectionLost() {
            super("CB-5", "process_exited() of a child killed by a signal comes after connection_lost()");
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                private SubprocessTransport transport;
                private boolean heldBack;

                @Override
                public void connectionMade(SubprocessTransport transport) {
                    this.transport = transport;
                    delegate.connectionMade(transport);
                }

                @Override
                public void processExited() {
                    Integer returncode = transport.getReturncode();
                    if (returncode != null && returncode < 0) {
                        heldBack = true;
                    } else {
                        delegate.processExited();
                    }
                }

                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(exc);
                    if (heldBack) {
                        delegate.processExited();
                    }
                }
            };
        }
    }

    /**
     * The signals of PT-7, PT-9 and PT-10 (stance S-19): once the child has exited (its return code is
     * set), the call returns without raising, as {@code subprocess.Popen.send_signal()} skips a dead child.
     */
    abstract static class SignalOfAnExitedChildIgnored extends BrokenImplementation {
        SignalOfAnExitedChildIgnored(String rule, String method) {
            super(rule, method + " of a child that has exited returns without raising (Popen's silence)");
        }

        /** Whether the call is the one this implementation breaks: it is then skipped for an exited child. */
        abstract boolean breaks(String method);

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                private boolean skipped(String method) {
                    return breaks(method) && delegate.getReturncode() != null;
                }

                @Override
                public void kill() {
                    if (!skipped("kill")) {
                        delegate.kill();
                    }
                }

                @Override
                public void terminate() {
                    if (!skipped("terminate")) {
                        delegate.terminate();
                    }
                }

                @Override
                public void sendSignal(int signal) {
                    if (!skipped("send_signal")) {
                        delegate.sendSignal(signal);
                    }
                }
            };
        }
    }

    /** PT-7: kill() of a child that has exited does nothing, silently. */
    static final class KillOfAnExitedChildIgnored extends SignalOfAnExitedChildIgnored {
        KillOfAnExitedChildIgnored() {
            super("PT-7", "kill()");
        }

        @Override
        boolean breaks(String method) {
            return method.equals("kill");
        }
    }

    /** PT-9: send_signal() to a child that has exited does nothing, silently. */
    static final class SendSignalToAnExitedChildIgnored extends SignalOfAnExitedChildIgnored {
        SendSignalToAnExitedChildIgnored() {
            super("PT-9", "send_signal()");
        }

        @Override
        boolean breaks(String method) {
            return method.equals("send_signal");
        }
    }

    /** PT-10: terminate() of a child that has exited does nothing, silently. */
    static final class TerminateOfAnExitedChildIgnored extends SignalOfAnExitedChildIgnored {
        TerminateOfAnExitedChildIgnored() {
            super("PT-10", "terminate()");
        }

        @Override
        boolean breaks(String method) {
            return method.equals("terminate");
        }
    }

    /**
     * CB-8: the second chunk a child's stdout delivers comes after the third: every byte arrives, in
     * the wrong order, which only a check of the content sees (a count of the bytes passes).
     */
    static final class StdoutChunksReordered extends BrokenImplementation {
        StdoutChunksReordered() {
            super("CB-8", "the second and third chunks of a child's stdout are delivered the other way round");
            alsoBreaks("the scenario of a large output held back by pause_reading() is RT-1's and RT-2's too",
                    Set.of("RT-1", "RT-2"));
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                private int chunks;
                private byte[] held;

                @Override
                public void pipeDataReceived(int fd, byte[] data) {
                    if (fd != 1) {
                        delegate.pipeDataReceived(fd, data);
                    } else if (++chunks == 2) {
                        held = data;
                    } else {
                        delegate.pipeDataReceived(fd, data);
                        deliverHeld();
                    }
                }

                @Override
                public void pipeConnectionLost(int fd, Exception exc) {
                    if (fd == 1) {
                        deliverHeld();
                    }
                    delegate.pipeConnectionLost(fd, exc);
                }

                private void deliverHeld() {
                    if (held != null) {
                        byte[] data = held;
                        held = null;
                        delegate.pipeDataReceived(1, data);
                    }
                }
            };
        }
    }
}
