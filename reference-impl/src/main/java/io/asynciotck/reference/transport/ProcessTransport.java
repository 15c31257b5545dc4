package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;
import io.asynciotck.reference.loop.SelectorEventLoop;
import io.asynciotck.reference.process.FdChannel;
import io.asynciotck.reference.process.NativeProcess;
import io.asynciotck.reference.process.ProcessLookupException;
import io.asynciotck.reference.process.ProcessPoller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A child process and the transports of its pipes, with the semantics of asyncio's
 * {@code _UnixSubprocessTransport}. The child is a {@link NativeProcess}; its stdin is a
 * {@link PipeWriteTransport} and its stdout and stderr are {@link PipeReadTransport}s, the same classes
 * as {@code connectWritePipe}/{@code connectReadPipe}, each with a small protocol that forwards to the
 * {@link SubprocessProtocol} (asyncio's {@code WriteSubprocessPipeProto} and
 * {@code ReadSubprocessPipeProto}). Readiness of the pipes and of the child's exit (its pidfd) comes
 * from the {@link ProcessPoller}; every callback runs on the loop thread. Loop thread only.
 *
 * <p>Callbacks, in asyncio's order: the pipe transports are connected, then {@code connectionMade};
 * then, in any order between them, {@code pipeDataReceived(fd, data)} (never empty, in order per fd),
 * {@code pipeConnectionLost(fd, exc)} once per piped fd (0 included: when the stdin transport is
 * closed, by the protocol or because the child closed its stdin or exited), and
 * {@code processExited()} once, when the child is reaped; last, once the child is reaped and every
 * pipe is closed, {@code connectionLost} (through {@code callSoon}), with null, or with the exception
 * {@code connectionMade} threw. Output the child wrote before it exited is all delivered: the pipes are
 * read to their end whatever the child's state.
 *
 * <p>Exceptions thrown by the protocol: by {@code pipeDataReceived} (or by {@code pauseWriting},
 * {@code resumeWriting}), as for any pipe transport: reported to the loop's exception handler, and the
 * pipe closes with {@code pipeConnectionLost(fd, exception)}; by {@code connectionMade}: reported,
 * then the transport closes (the child is killed) and {@code connectionLost} gets the exception; by
 * {@code processExited}, {@code pipeConnectionLost} or {@code connectionLost}: reported.
 */
public final class ProcessTransport implements SubprocessTransport, IoHandler {

    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;

    private final SelectorEventLoop loop;
    private final NativeProcess process;
    private final SubprocessProtocol protocol;
    private final PipeWriteTransport stdin;
    private final PipeReadTransport stdout;
    private final PipeReadTransport stderr;
    private final ProcessPoller.Registration exitWatch;
    private int openPipes;
    /** {@link #close()} was called. */
    private boolean closed;
    /** {@code connectionLost} is scheduled: nothing more happens. */
    private boolean finished;
    /** The loop closed: the child was killed and handed to the poller to reap. */
    private boolean abandoned;
    /** What {@code connectionLost} gets. */
    private Exception lostCause;

    private ProcessTransport(SelectorEventLoop loop, ProcessPoller poller, NativeProcess process, SubprocessProtocol protocol) {
        this.loop = loop;
        this.process = process;
        this.protocol = protocol;
        this.stdin = process.stdin() == null ? null
                : new PipeWriteTransport(loop, process.stdin(), poller.register(process.stdin().fd(), true, loop), new StdinProtocol());
        this.stdout = readPipe(poller, process.stdout(), 1);
        this.stderr = readPipe(poller, process.stderr(), 2);
        this.openPipes = (stdin != null ? 1 : 0) + (stdout != null ? 1 : 0) + (stderr != null ? 1 : 0);
        this.exitWatch = poller.register(process.pidfd(), false, loop);
        exitWatch.attach(this);
    }

    /**
     * Starts {@code argv}, creates the protocol and the transport, connects the pipes, calls
     * {@code connectionMade} and starts watching the pipes and the child's exit. Loop thread.
     *
     * @throws NullPointerException if the factory returns null (the child is then killed and reaped)
     * @throws IOException          if the child cannot be started (see {@link NativeProcess#spawn});
     *                              no protocol is created then
     */
    public static <P extends SubprocessProtocol> Connection<SubprocessTransport, P> start(
            SelectorEventLoop loop, Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) throws IOException {
        ProcessPoller poller = ProcessPoller.get();
        NativeProcess process = NativeProcess.spawn(argv, options.environment(), options.workingDirectory(),
                options.stdin(), options.stdout(), options.stderr());
        P protocol;
        try {
            protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
        } catch (Throwable failure) {
            process.abandon();
            throw failure;
        }
        ProcessTransport transport = new ProcessTransport(loop, poller, process, protocol);
        transport.begin();
        return new Connection<>(transport, protocol);
    }

    // ---- SubprocessTransport

    @Override
    public long getPid() {
        return process.pid();
    }

    /**
     * 0: the stdin {@link WriteTransport}; 1, 2: the stdout and stderr {@link ReadTransport}s; null
     * when that stream is not a pipe, and for any other fd. Still answered after the transport closed.
     */
    @Override
    public BaseTransport getPipeTransport(int fd) {
        switch (fd) {
            case 0:
                return stdin;
            case 1:
                return stdout;
            case 2:
                return stderr;
            default:
                return null;
        }
    }

    /** Null until the child is reaped; then its exit status, or minus the number of the signal that killed it. */
    @Override
    public Integer getReturncode() {
        return process.returncode();
    }

    /** SIGKILL. @throws UncheckedIOException as {@link #sendSignal(int)} */
    @Override
    public void kill() {
        sendSignal(SIGKILL);
    }

    /** SIGTERM. @throws UncheckedIOException as {@link #sendSignal(int)} */
    @Override
    public void terminate() {
        sendSignal(SIGTERM);
    }

    /**
     * Sends any signal number (0 only checks that the child exists). A child that has exited but is
     * not reaped yet is not signalled, silently, as {@code Popen.send_signal}.
     *
     * @throws UncheckedIOException     with a {@link ProcessLookupException} (asyncio's
     *                                  {@code ProcessLookupError}) once the child has been reaped,
     *                                  that is once {@link #getReturncode()} is set, or once the loop
     *                                  is closed: its pid may belong to another process by then
     * @throws IllegalArgumentException if {@code signal} is not a valid signal number
     */
    @Override
    public void sendSignal(int signal) {
        try {
            if (abandoned) {
                throw new ProcessLookupException("process " + process.pid() + " was killed when its event loop closed");
            }
            process.sendSignal(signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * asyncio's actual behaviour, not the spec's text: closes the pipe transports (stdin after
     * flushing what is buffered) and KILLS (SIGKILL) the child if it is still running; its return
     * code is then -9. The spec says close() calls terminate() (and that terminate() is an alias for
     * close()), but asyncio has killed since 3.5, and kill is what guarantees that the child goes.
     * The protocol then gets {@code pipeConnectionLost} for each pipe, {@code processExited} and
     * {@code connectionLost(null)}, never from inside this call. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ChannelTransport<?, ?> pipe : pipes()) {
            pipe.close();
        }
        if (process.returncode() == null && !abandoned) {
            try {
                process.sendSignal(SIGKILL);
            } catch (IOException ignored) {
                // reaped meanwhile: nothing to kill
            }
        }
    }

    /** {@code subprocess}: the child's {@link ProcessHandle}; {@code defaultValue} for any other name. */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        return ExtraInfo.SUBPROCESS.equals(name) ? process.handle() : defaultValue;
    }

    // ---- IoHandler: the pidfd

    /** The pidfd is readable: the child has exited; reap it. */
    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) == 0 || process.returncode() != null) {
            return;
        }
        Integer returncode = process.poll();
        if (returncode == null) {
            return; // not yet: the registration is re-armed
        }
        exitWatch.cancel();
        if (process.statusLost()) {
            loop.reportException(new ExceptionContext("Unknown child process pid " + process.pid()
                    + ": it was reaped elsewhere, its status is lost; returncode reported as " + returncode,
                    null, this, protocol));
        }
        try {
            protocol.processExited();
        } catch (Throwable failure) {
            report(failure, "Exception in protocol.processExited()");
        }
        tryFinish();
    }

    /** The loop closes: close the pipes, kill the child if it runs, and let the poller reap it. No callback. */
    @Override
    public void onLoopClose() {
        if (abandoned) {
            return;
        }
        abandoned = true;
        finished = true;
        for (ChannelTransport<?, ?> pipe : pipes()) {
            pipe.onLoopClose();
        }
        exitWatch.cancel();
        process.abandon();
    }

    @Override
    public String toString() {
        return "ProcessTransport[pid " + process.pid() + ", returncode " + process.returncode()
                + (closed ? ", closed" : "") + ", open pipes " + openPipes + "]";
    }

    // ---- internals

    private PipeReadTransport readPipe(ProcessPoller poller, FdChannel channel, int fd) {
        return channel == null ? null : new PipeReadTransport(loop, channel, poller.register(channel.fd(), false, loop), new OutputProtocol(fd));
    }

    private List<ChannelTransport<?, ?>> pipes() {
        return Stream.<ChannelTransport<?, ?>>of(stdin, stdout, stderr).filter(Objects::nonNull).toList();
    }

    /** Connects the pipes, calls {@code connectionMade}, watches the child's exit. */
    private void begin() {
        for (ChannelTransport<?, ?> pipe : pipes()) {
            pipe.start();
        }
        try {
            protocol.connectionMade(this);
        } catch (Throwable failure) {
            report(failure, "Fatal error: protocol.connectionMade() call failed.");
            lostCause = Failures.asException(failure);
            close();
        }
        exitWatch.interestOps(SelectionKey.OP_READ);
    }

    private void pipeLost(int fd, Exception exc) {
        openPipes--;
        try {
            protocol.pipeConnectionLost(fd, exc);
        } catch (Throwable failure) {
            report(failure, "Exception in protocol.pipeConnectionLost()");
        }
        tryFinish();
    }

    /** Once the child is reaped and every pipe closed: {@code connectionLost}, scheduled, once. */
    private void tryFinish() {
        if (finished || process.returncode() == null || openPipes > 0) {
            return;
        }
        finished = true;
        Exception cause = lostCause;
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(cause);
            } catch (Throwable failure) {
                report(failure, "Exception in protocol.connectionLost()");
            }
        });
    }

    private void report(Throwable failure, String message) {
        Failures.rethrowIfFatal(failure);
        loop.reportException(new ExceptionContext(message, failure, this, protocol));
    }

    /** The protocol of the stdin pipe: flow control and the pipe's loss go to the subprocess protocol. */
    private final class StdinProtocol implements Protocol<WriteTransport> {
        @Override
        public void pauseWriting() {
            protocol.pauseWriting();
        }

        @Override
        public void resumeWriting() {
            protocol.resumeWriting();
        }

        @Override
        public void connectionLost(Exception exc) {
            pipeLost(0, exc);
        }

        @Override
        public String toString() {
            return "stdin of " + protocol;
        }
    }

    /** The protocol of the stdout or stderr pipe: data and the pipe's loss go to the subprocess protocol. */
    private final class OutputProtocol implements Protocol<ReadTransport> {
        private final int fd;

        OutputProtocol(int fd) {
            this.fd = fd;
        }

        @Override
        public void dataReceived(byte[] data) {
            protocol.pipeDataReceived(fd, data);
        }

        @Override
        public void connectionLost(Exception exc) {
            pipeLost(fd, exc);
        }

        @Override
        public String toString() {
            return (fd == 1 ? "stdout of " : "stderr of ") + protocol;
        }
    }
}
