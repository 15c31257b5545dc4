package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.loop.Handle;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.SubprocessOptions;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.SubprocessSpec.Stdio;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process driver's timeouts, against a stub loop that misbehaves on purpose: the arrival timeout
 * for calls, the start-up timeout for a child process to start, and {@link DriverTimeoutException} for
 * a loop that does not answer or cannot be stopped.
 */
class InProcessTimeoutsTest {

    /** A short arrival timeout, and a start-up timeout well beyond it. */
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofMillis(300), Duration.ofMillis(100),
            Duration.ofSeconds(1), 1);
    private static final Values.SubprocessSpec TRUE =
            new Values.SubprocessSpec(false, List.of("true"), Stdio.DEVNULL, Stdio.DEVNULL, Stdio.DEVNULL);

    private StubLoop loop;
    private InProcessDriver driver;

    @AfterEach
    void release() {
        if (loop != null) {
            loop.release();
        }
        if (driver != null) {
            try {
                driver.close();
            } catch (DriverException alreadyReported) {
                // the tests assert on the failures they cause
            }
        }
    }

    private DriverSession session(StubLoop stub) {
        loop = stub;
        driver = InProcessDriver.of(new StubProvider(stub), TIMEOUTS);
        return driver.openSession(new EventLog(TIMEOUTS));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aChildProcessMayTakeLongerThanTheArrivalTimeoutToStart() {
        CompletableFuture<Connection<SubprocessTransport, SubprocessProtocol>> starting = new CompletableFuture<>();
        DriverSession session = session(new StubLoop(true, false, starting));
        Executor later = CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS);
        later.execute(() -> starting.completeExceptionally(new IOException("no such program: true")));
        long start = System.nanoTime();

        Outcome outcome = session.createSubprocess(TRUE, Script.PASSIVE);

        assertThat(outcome.isError()).as("%s", outcome).isTrue();
        assertThat(outcome.error().kind()).isEqualTo(ErrorKind.OS_ERROR);
        assertThat(outcome.error().message()).isEqualTo("no such program: true");
        assertThat(since(start)).isGreaterThan(TIMEOUTS.arrival());
    }

    @Test
    void aChildProcessThatDoesNotStartWithinTheStartupTimeoutIsUnresponsive() {
        DriverSession session = session(new StubLoop(true, false, new CompletableFuture<>()));
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.createSubprocess(TRUE, Script.PASSIVE))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("subprocess_exec([true], stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)")
                .hasMessageContaining("the implementation did not answer within 1000 ms");
        assertThat(since(start)).isBetween(TIMEOUTS.startup(), TIMEOUTS.startup().plusSeconds(3));
    }

    @Test
    void aLoopThatNeverRunsCallbacksFailsACallAsUnresponsive() {
        DriverSession session = session(new StubLoop(false, false, new CompletableFuture<>()));
        assertThat(session.createServer("127.0.0.1", 0, Script.PASSIVE)).isEqualTo(Outcome.ok("s1"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.invoke("s1", Call.of("server_addresses")))
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("s1: [server_addresses()]: the implementation did not answer within 300 ms")
                .hasMessageContaining("StubLoop.runForever(");
        assertThat(since(start)).isBetween(TIMEOUTS.arrival(), TIMEOUTS.arrival().plusSeconds(3));
    }

    @Test
    void aLoopThreadThatCannotBeStoppedFailsCloseAsUnresponsive() {
        DriverSession session = session(new StubLoop(true, true, new CompletableFuture<>()));
        long start = System.nanoTime();

        assertThatThrownBy(session::close)
                .isInstanceOf(DriverTimeoutException.class)
                .hasMessageContaining("did not end within 300 ms of stop()")
                .hasMessageContaining("is still running: leaked");
        assertThat(since(start)).isBetween(TIMEOUTS.arrival().multipliedBy(2), TIMEOUTS.arrival().plusSeconds(3));
    }

    /** Provides the one stub loop. */
    private static final class StubProvider implements EventLoopProvider {
        private final StubLoop loop;

        StubProvider(StubLoop loop) {
            this.loop = loop;
        }

        @Override
        public String name() {
            return "stub";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.TCP, Capability.SUBPROCESS);
        }

        @Override
        public EventLoop newEventLoop() {
            return loop;
        }
    }

    /**
     * A loop that runs its callbacks or never does, stops when asked or never does (ignoring
     * interrupts too, until {@link #release()}), and starts every child process with one given future.
     * Its servers exist at once.
     */
    private static final class StubLoop implements EventLoop {
        private final boolean runsCallbacks;
        private final boolean ignoresStop;
        private final CompletableFuture<Connection<SubprocessTransport, SubprocessProtocol>> subprocess;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final java.util.concurrent.BlockingQueue<Runnable> callbacks = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean running;
        private volatile boolean closed;

        StubLoop(boolean runsCallbacks, boolean ignoresStop,
                 CompletableFuture<Connection<SubprocessTransport, SubprocessProtocol>> subprocess) {
            this.runsCallbacks = runsCallbacks;
            this.ignoresStop = ignoresStop;
            this.subprocess = subprocess;
        }

        /** Lets a loop that ignores stop() end. */
        void release() {
            released.countDown();
            stopped.countDown();
        }

        @Override
        public void runForever() {
            running = true;
            try {
                while (true) {
                    if (ignoresStop) {
                        awaitUninterruptibly(released);
                        return;
                    }
                    if (stopped.getCount() == 0) {
                        return;
                    }
                    Runnable callback = callbacks.poll(10, TimeUnit.MILLISECONDS);
                    if (callback != null && runsCallbacks) {
                        callback.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running = false;
            }
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            while (true) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException ignored) {
                    // this loop cannot be stopped: the test releases it
                }
            }
        }

        @Override
        public Handle callSoon(Runnable callback) {
            callbacks.add(callback);
            return new Handle() {
                @Override
                public void cancel() {
                    callbacks.remove(callback);
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }

        @Override
        public Handle callLater(Duration delay, Runnable callback) {
            return callSoon(callback);
        }

        @Override
        public boolean inLoopThread() {
            return false;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void setExceptionHandler(Consumer<ExceptionContext> handler) {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
                Supplier<P> protocolFactory, String host, int port) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("a stub makes no connections"));
        }

        @Override
        public <P extends Protocol<? super StreamTransport>> CompletableFuture<Connection<StreamTransport, P>> createConnection(
                Supplier<P> protocolFactory, SocketChannel sock) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("a stub makes no connections"));
        }

        @Override
        public CompletableFuture<Server> createServer(Supplier<? extends Protocol<? super StreamTransport>> protocolFactory,
                                                      String host, int port) {
            return CompletableFuture.completedFuture(new Server() {
                @Override
                public List<InetSocketAddress> addresses() {
                    return List.of(new InetSocketAddress(host, port));
                }

                @Override
                public void close() {
                }

                @Override
                public CompletableFuture<Void> waitClosed() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public boolean isServing() {
                    return true;
                }
            });
        }

        @Override
        @SuppressWarnings("unchecked")
        public <P extends SubprocessProtocol> CompletableFuture<Connection<SubprocessTransport, P>> subprocessExec(
                Supplier<P> protocolFactory, List<String> argv, SubprocessOptions options) {
            return (CompletableFuture<Connection<SubprocessTransport, P>>) (CompletableFuture<?>) subprocess;
        }
    }
}
