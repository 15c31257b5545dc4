package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.loop.Stdio;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.tls.PemContexts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One event loop of the implementation, running on its own {@link LoopThread}, with the scripted
 * recording protocols of its connections.
 *
 * <p>Calls on transports and servers run on the loop thread (through {@code callSoon}); the
 * connection-creating calls are made from the caller's thread, as the API allows. Every wait is
 * bounded by the arrival timeout, that for a child process to start by the start-up timeout; a loop that
 * does not answer fails with a {@link DriverTimeoutException}, an error the implementation raises is a
 * failed {@link Outcome}.
 */
final class InProcessSession implements DriverSession {

    private final EventLoop loop;
    private final ImplementationCaller caller;
    private final LoopThread loopThread;
    private final Timeouts timeouts;
    private final CallbackRecorder recorder;
    private final Targets targets = new Targets();
    private final Consumer<InProcessSession> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The children of {@code createSubprocess}, from their {@code connection_made}. */
    private final Queue<ProcessHandle> children = new ConcurrentLinkedQueue<>();

    /**
     * Installs the exception handler on {@code loop} and starts its thread.
     *
     * @param timeouts every wait is bounded by the arrival timeout, but the wait for a child process to
     *                 start ({@link #createSubprocess}) by the start-up timeout
     * @param onClose  told once the session is closed
     */
    InProcessSession(EventLoop loop, String threadName, EventLog log, Timeouts timeouts,
                     Consumer<InProcessSession> onClose) {
        this.loop = loop;
        this.timeouts = timeouts;
        this.onClose = onClose;
        this.recorder = new CallbackRecorder(log);
        this.caller = new ImplementationCaller("impl-call-" + threadName);
        try {
            call("set_exception_handler", () -> {
                loop.setExceptionHandler(recorder::exceptionHandler);
                return null;
            });
        } catch (RuntimeException e) {
            caller.close();
            throw e;
        }
        this.loopThread = new LoopThread(loop, threadName, timeouts.arrival(), caller);
        loopThread.start();
    }

    /** Calls the implementation from the session's caller thread, waiting at most the arrival timeout. */
    private <T> T call(String what, Supplier<T> call) {
        return caller.call(what, timeouts.arrival(), call);
    }

    /** The loop under test, for the driver's own tests. */
    EventLoop loop() {
        return loop;
    }

    /** The name of the loop thread. */
    String threadName() {
        return loopThread.name();
    }

    @Override
    public Outcome createConnection(String host, int port, Script script) {
        String what = "create_connection(" + host + ", " + port + ")";
        ensureOpen(what);
        CompletableFuture<Connection<StreamTransport, RecordingProtocol>> future;
        try {
            future = call(what, () -> returning(loop.createConnection(protocols(script, null), host, port)));
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(Errors.of(e));
        }
        return connectionOutcome(future, what);
    }

    /**
     * Connects a blocking {@link SocketChannel} to {@code host:port} itself, bounded by the timeout,
     * then hands it to {@code create_connection(sock=...)}. The channel is closed here unless the loop
     * took it over.
     */
    @Override
    public Outcome createConnectionOverSocket(String host, int port, Script script) {
        String what = "create_connection(sock=<socket connected to " + host + ":" + port + ">)";
        ensureOpen(what);
        SocketChannel channel = connectPlainSocket(host, port);
        boolean handedOver = false;
        try {
            CompletableFuture<Connection<StreamTransport, RecordingProtocol>> future;
            try {
                future = call(what, () -> returning(loop.createConnection(protocols(script, null), channel)));
            } catch (DriverException e) {
                throw e;
            } catch (RuntimeException e) {
                return Outcome.failed(Errors.of(e));
            }
            Outcome outcome = connectionOutcome(future, what);
            handedOver = !outcome.isError();
            return outcome;
        } finally {
            if (!handedOver) {
                closeQuietly(channel);
            }
        }
    }

    @Override
    public Outcome createServer(String host, int port, Script script) {
        return serverOutcome("create_server(" + host + ", " + port + ")",
                id -> loop.createServer(serverProtocols(script, id), host, port));
    }

    /**
     * The protocols of a server's connections: recording ones, or, for {@link Script#BARE}, the
     * {@code Protocol} interface itself, overriding no callback (rule PR-3), which nothing records.
     */
    private Supplier<? extends Protocol<? super StreamTransport>> serverProtocols(Script script, String origin) {
        return script.bare() ? () -> new Protocol<StreamTransport>() { } : protocols(script, origin);
    }

    /** A server from {@code create}, given the id reserved for it; the id is released if it fails. */
    private Outcome serverOutcome(String what, Function<String, CompletableFuture<Server>> create) {
        ensureOpen(what);
        String id = targets.reserveServerId();
        CompletableFuture<Server> future;
        try {
            future = call(what, () -> create.apply(id));
        } catch (DriverException e) {
            targets.releaseServerId(id);
            throw e;
        } catch (RuntimeException e) {
            targets.releaseServerId(id);
            return Outcome.failed(Errors.of(e));
        }
        Outcome outcome = outcome(future, what, server -> {
            targets.addServer(id, server);
            return id;
        });
        if (outcome.isError()) {
            targets.releaseServerId(id);
        }
        return outcome;
    }

    /** {@code createConnection} with {@link ClientTls}: a JDK context from the spec's PEM files. */
    @Override
    public Outcome createTlsConnection(String host, int port, Values.TlsSpec tls, Script script) {
        String what = "create_connection(" + host + ", " + port + ", ssl=" + tls + ")";
        ensureOpen(what);
        CompletableFuture<? extends Connection<?, ? extends AbstractRecordingProtocol>> future;
        try {
            ClientTls options = new ClientTls(PemContexts.of(tls), tls.serverHostname(),
                    tls.protocol() == null ? List.of() : List.of(tls.protocol()));
            future = call(what, () -> returning(loop.createConnection(protocols(script, null), host, port, options)));
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(Errors.of(e));
        }
        return connectionOutcome(future, what);
    }

    /** {@code createServer} with {@link ServerTls}: a JDK context from the spec's PEM files. */
    @Override
    public Outcome createTlsServer(String host, int port, Values.TlsSpec tls, Script script) {
        return serverOutcome("create_server(" + host + ", " + port + ", ssl=" + tls + ")", id -> loop.createServer(
                serverProtocols(script, id), host, port, new ServerTls(PemContexts.of(tls), tls.requireClientCertificate(),
                        tls.protocol() == null ? List.of() : List.of(tls.protocol()))));
    }

    /**
     * {@code create_datagram_endpoint} with a {@link RecordingDatagramProtocol}; the addresses become
     * {@link InetSocketAddress}es ({@link NeutralValues#socketAddress}). An address Java refuses (a port
     * out of range) is a failed outcome, as an error of the implementation would be.
     *
     * @throws IllegalArgumentException when neither address is given: the caller broke the contract
     */
    @Override
    public Outcome createDatagramEndpoint(Values.Address local, Values.Address remote, Script script) {
        if (local == null && remote == null) {
            throw new IllegalArgumentException("create_datagram_endpoint needs a local or a remote address");
        }
        String what = "create_datagram_endpoint(local_addr=" + local + ", remote_addr=" + remote + ")";
        ensureOpen(what);
        CompletableFuture<Connection<DatagramTransport, RecordingDatagramProtocol>> future;
        try {
            InetSocketAddress localAddress = local == null ? null : NeutralValues.socketAddress(local);
            InetSocketAddress remoteAddress = remote == null ? null : NeutralValues.socketAddress(remote);
            future = call(what, () -> returning(loop.createDatagramEndpoint(
                    () -> new RecordingDatagramProtocol(script, targets, recorder), localAddress, remoteAddress)));
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(Errors.of(e));
        }
        return connectionOutcome(future, what);
    }

    /**
     * {@code subprocess_exec} (or {@code subprocess_shell} with the one command line) with a
     * {@link RecordingSubprocessProtocol}, the spec's {@link Values.SubprocessSpec.Stdio} mapped onto the
     * API's {@link Stdio} by name. Options the API refuses ({@code STDOUT} for stdin) are a failed
     * outcome, as an error of the implementation would be. The connection is waited for up to the
     * start-up timeout: it includes starting the child. The child's pid, taken at
     * {@code connection_made}, is kept so that {@link #close()} can reap a child left running.
     */
    @Override
    public Outcome createSubprocess(Values.SubprocessSpec spec, Script script) {
        String what = (spec.shell() ? "subprocess_shell(" : "subprocess_exec(") + spec.args()
                + ", stdin=" + spec.stdin() + ", stdout=" + spec.stdout() + ", stderr=" + spec.stderr() + ")";
        ensureOpen(what);
        Supplier<RecordingSubprocessProtocol> factory =
                () -> new RecordingSubprocessProtocol(script, targets, recorder, this::started);
        CompletableFuture<Connection<SubprocessTransport, RecordingSubprocessProtocol>> future;
        try {
            SubprocessOptions options = new SubprocessOptions(stdio(spec.stdin()), stdio(spec.stdout()),
                    stdio(spec.stderr()), Map.of(), null);
            future = caller.call(what, timeouts.startup(), () -> returning(spec.shell()
                    ? loop.subprocessShell(factory, spec.args().get(0), options)
                    : loop.subprocessExec(factory, spec.args(), options)));
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(Errors.of(e));
        }
        return connectionOutcome(future, what, timeouts.startup());
    }

    /** {@code connectReadPipe} on a new JDK {@link Pipe}: the loop gets its source, the TCK its sink. */
    @Override
    public PipeConnection<WritableByteChannel> connectReadPipe(Script script) {
        Pipe pipe = openPipe("connect_read_pipe");
        return pipeConnection(() -> loop.connectReadPipe(protocols(script, null), pipe.source()), pipe, pipe.sink(),
                "connect_read_pipe(<the read end of a pipe>)");
    }

    /** {@code connectWritePipe} on a new JDK {@link Pipe}: the loop gets its sink, the TCK its source. */
    @Override
    public PipeConnection<ReadableByteChannel> connectWritePipe(Script script) {
        Pipe pipe = openPipe("connect_write_pipe");
        return pipeConnection(() -> loop.connectWritePipe(protocols(script, null), pipe.sink()), pipe, pipe.source(),
                "connect_write_pipe(<the write end of a pipe>)");
    }

    private Pipe openPipe(String what) {
        ensureOpen(what);
        try {
            return Pipe.open();
        } catch (IOException e) {
            throw new DriverException(what + ": could not open a pipe: " + e, e);
        }
    }

    private <C extends Channel> PipeConnection<C> pipeConnection(
            Supplier<CompletableFuture<? extends Connection<?, ? extends AbstractRecordingProtocol>>> connect,
            Pipe pipe, C peerEnd, String what) {
        Outcome outcome;
        try {
            outcome = connectionOutcome(call(what, () -> returning(connect.get())), what);
        } catch (RuntimeException e) {
            closeQuietly(pipe.source());
            closeQuietly(pipe.sink());
            if (e instanceof DriverException) {
                throw e;
            }
            return new PipeConnection<>(Outcome.failed(Errors.of(e)), null);
        }
        if (outcome.isError()) {
            closeQuietly(pipe.source());
            closeQuietly(pipe.sink());
            return new PipeConnection<>(outcome, null);
        }
        return new PipeConnection<>(outcome, peerEnd);
    }

    private static Stdio stdio(Values.SubprocessSpec.Stdio stdio) {
        return Stdio.valueOf(stdio.name());
    }

    /**
     * A child the implementation started: reaped at close if it is still running then. The pid is the
     * implementation's word, so it is trusted only for a process descended from this one: a broken
     * implementation's wrong pid can name anything, even one of this JVM's own threads (a thread id is a
     * pid to {@code kill(2)}, and SIGKILL to it ends the whole JVM).
     */
    void started(long pid) {
        ProcessHandle.of(pid).filter(InProcessSession::descendsFromThisProcess).ifPresent(children::add);
    }

    private static boolean descendsFromThisProcess(ProcessHandle process) {
        long self = ProcessHandle.current().pid();
        Optional<ProcessHandle> ancestor = process.parent();
        for (int depth = 0; ancestor.isPresent() && depth < 64; depth++) {
            if (ancestor.get().pid() == self) {
                return true;
            }
            ancestor = ancestor.get().parent();
        }
        return false;
    }

    /**
     * Runs the calls in one callback on the loop thread. A {@code server_wait_closed} future is then
     * awaited here, off the loop thread, bounded by the timeout.
     */
    @Override
    public List<Outcome> invokeAll(String target, List<Call> calls) {
        String what = target + ": " + calls;
        ensureOpen(what);
        Object resolved = targets.get(target);
        List<Outcome> outcomes = loopThread.call(what,
                () -> calls.stream().map(call -> TransportCalls.invoke(targets, resolved, call, null)).toList());
        List<Outcome> results = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            results.add(outcome.value() instanceof TransportCalls.Pending pending
                    ? outcome(pending.future(), target + ": " + calls.get(i), ignored -> null)
                    : outcome);
        }
        return results;
    }

    /**
     * Stops the loop and lets its thread close it, then kills (SIGKILL) and waits for the children of
     * {@code createSubprocess} still running, with their descendants: a broken implementation must not
     * leave processes behind.
     *
     * @throws DriverTimeoutException when the loop thread would not stop (it was interrupted), or a
     *                                child could not be reaped within the timeout
     * @throws DriverException        when the loop failed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            loopThread.shutdown();
        } finally {
            try {
                reapChildren();
            } finally {
                caller.close();
                onClose.accept(this);
            }
        }
    }

    /**
     * SIGKILLs every child still alive and its descendants, then waits for them, bounded by the
     * timeout. A {@link ProcessHandle} knows its process's start time, so a pid reused since is not
     * touched.
     */
    private void reapChildren() {
        List<ProcessHandle> victims = new ArrayList<>();
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.descendants().forEach(victims::add);
                victims.add(child);
            }
        }
        children.clear();
        if (victims.isEmpty()) {
            return;
        }
        victims.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + timeouts.arrival().toNanos();
        List<String> survivors = new ArrayList<>();
        for (ProcessHandle victim : victims) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                victim.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                survivors.add(String.valueOf(victim.pid()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                survivors.add(String.valueOf(victim.pid()));
            }
        }
        if (!survivors.isEmpty()) {
            throw new DriverTimeoutException("Child processes " + survivors + " survived SIGKILL for "
                    + timeouts.arrival().toMillis() + " ms after the session closed");
        }
    }

    private Supplier<RecordingProtocol> protocols(Script script, String origin) {
        return () -> new RecordingProtocol(script, origin, targets, recorder);
    }

    /**
     * Notes, on the thread that completes {@code future} and at that moment, that the connection-creating
     * call returned its connection ({@link CallbackRecorder#returned}), so that the order of that moment
     * and the protocol's callbacks is the implementation's (stance S-20). The note is registered as soon
     * as the implementation hands the future over; a future already complete then is noted then.
     *
     * @return a future that completes as {@code future} does, once the note is made: the one to wait on
     */
    private <C extends Connection<?, ? extends AbstractRecordingProtocol>> CompletableFuture<C> returning(
            CompletableFuture<C> future) {
        return future == null ? null : future.whenComplete((connection, error) -> {
            if (connection != null) {
                connection.protocol().returnedWith(connection.transport());
                recorder.returned(connection.protocol().ensureId(connection.transport()));
            }
        });
    }

    /**
     * The id of the connection's protocol: given by its {@code connection_made}, or when the call returned
     * the connection if that came first ({@link #returning}).
     */
    private Outcome connectionOutcome(CompletableFuture<? extends Connection<?, ? extends AbstractRecordingProtocol>> future,
                                      String what) {
        return connectionOutcome(future, what, timeouts.arrival());
    }

    /** {@link #connectionOutcome(CompletableFuture, String)}, waiting at most {@code limit}. */
    private Outcome connectionOutcome(CompletableFuture<? extends Connection<?, ? extends AbstractRecordingProtocol>> future,
                                      String what, Duration limit) {
        return outcome(future, what, limit, connection -> connection.protocol().ensureId(connection.transport()));
    }

    /** Awaits {@code future} (bounded by the arrival timeout): its value through {@code value}, or the error it failed with. */
    private <T> Outcome outcome(CompletableFuture<T> future, String what, Function<T, Object> value) {
        return outcome(future, what, timeouts.arrival(), value);
    }

    /** Awaits {@code future} for at most {@code limit}: its value through {@code value}, or the error it failed with. */
    private <T> Outcome outcome(CompletableFuture<T> future, String what, Duration limit, Function<T, Object> value) {
        loopThread.awaitDone(future, what, limit);
        T result;
        try {
            result = future.join();
        } catch (CompletionException | CancellationException e) {
            return Outcome.failed(Errors.of(e));
        }
        return Outcome.ok(value.apply(result));
    }

    private SocketChannel connectPlainSocket(String host, int port) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(new InetSocketAddress(host, port), (int) timeouts.arrival().toMillis());
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DriverException("Could not connect a plain socket to " + host + ":" + port + ": " + e, e);
        }
    }

    private void ensureOpen(String what) {
        if (closed.get()) {
            throw new DriverException(what + ": the session is closed");
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
