package io.asynciotck.selftest;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Broken implementations of the protocol, connection callbacks and streaming protocol rules (PR, CB, SP). */
final class ProtocolMutants {

    private ProtocolMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new ProtocolWithoutDataReceivedIsNotRead(),
            new DeliversEmptyData(),
            new DeliversDataAfterEof(),
            new LosesTheConnectionTwice(),
            new CallsBackAfterConnectionLost(),
            new IgnoresEofReceivedsResult(),
            new EofReceivedNeverCalled(),
            new ResetIsAClose(),
            new CloseIsAnError(),
            new DeliversChunksBackwards(),
            new EofFalseKeepsOpen(),
            new NoConnectionMadeWhenAccepted(),
            new EofReceivedAgainAtClose(),
            new ConnectionMadeAgainOnData(),
            new FirstDataReceivedOnAnotherThread(),
            new CallbacksOnAnotherThreadOneAtATime(),
            new ConnectionMadeAfterTheCallReturns(),
            new ReturnsAWrapperOfTheTransport(),
            new ConnectionLostInsideClose());

    /** SP-1: data_received() with empty data. */
    static final class DeliversEmptyData extends BrokenImplementation {
        DeliversEmptyData() {
            super("SP-1", "data_received(b'') before every data_received()");
            alsoBreaks("the echo server's reaction to its first data_received() (write it back, then close) runs on the empty data",
                    Set.of("EX-2"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void dataReceived(byte[] data) {
                    delegate.dataReceived(new byte[0]);
                    delegate.dataReceived(data);
                }
            };
        }
    }

    /** SP-11: data_received() after eof_received(). */
    static final class DeliversDataAfterEof extends BrokenImplementation {
        DeliversDataAfterEof() {
            super("SP-11", "data_received(b'late') right after eof_received()");
            alsoBreaks("the scenarios that check the whole callback sequence (state machine, everything between made and lost) see the extra data_received()",
                    Set.of("SP-10", "SP-12", "CB-4", "CB-5", "EX-1"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public boolean eofReceived() {
                    boolean keepOpen = delegate.eofReceived();
                    delegate.dataReceived("late".getBytes(StandardCharsets.US_ASCII));
                    return keepOpen;
                }
            };
        }
    }

    /** CB-4: connection_lost() twice. */
    static final class LosesTheConnectionTwice extends BrokenImplementation {
        LosesTheConnectionTwice() {
            super("CB-4", "connection_lost() is called twice");
            alsoBreaks("most stream scenarios end on 'connection_lost is called once'",
                    RuleSets.STREAM);
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(exc);
                    delegate.connectionLost(exc);
                }
            };
        }
    }

    /** CB-5: a callback after connection_lost(). */
    static final class CallsBackAfterConnectionLost extends BrokenImplementation {
        CallsBackAfterConnectionLost() {
            super("CB-5", "data_received(b'ghost') after connection_lost()");
            alsoBreaks("the scenarios check that nothing comes after connection_lost, and what was received",
                    RuleSets.STREAM);
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(exc);
                    delegate.dataReceived("ghost".getBytes(StandardCharsets.US_ASCII));
                }
            };
        }
    }

    /** SP-7: eof_received()'s true result is ignored: the transport closes anyway. */
    static final class IgnoresEofReceivedsResult extends BrokenImplementation {
        IgnoresEofReceivedsResult() {
            super("SP-7", "eof_received()'s result is taken as False");
            alsoBreaks("SP-10's scenario of reading paused and resumed after the end of the stream keeps the connection "
                    + "open by returning true", Set.of("SP-10"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public boolean eofReceived() {
                    delegate.eofReceived();
                    return false;
                }
            };
        }
    }

    /** SP-4: eof_received() is never called; the transport just closes. */
    static final class EofReceivedNeverCalled extends BrokenImplementation {
        EofReceivedNeverCalled() {
            super("SP-4", "the peer's end of stream closes the transport without eof_received()");
            alsoBreaks("every scenario about the end of stream expects eof_received() first",
                    Set.of("SP-5", "SP-6", "SP-7", "SP-10", "SP-11", "SP-12", "CB-2", "EX-4"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public boolean eofReceived() {
                    return false;
                }
            };
        }
    }

    /** CB-3: a reset ends the connection with connection_lost(None). */
    static final class ResetIsAClose extends BrokenImplementation {
        ResetIsAClose() {
            super("CB-3", "connection_lost(None) whatever the cause");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(null);
                }
            };
        }
    }

    /** CB-2: a regular close ends the connection with an exception. */
    static final class CloseIsAnError extends BrokenImplementation {
        CloseIsAnError() {
            super("CB-2", "connection_lost(ConnectionError) instead of None");
            alsoBreaks("most stream scenarios end on connection_lost(None)",
                    RuleSets.STREAM);
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(exc != null ? exc : new java.net.ConnectException("closed"));
                }
            };
        }
    }

    /** SP-2: the bytes of each data_received() chunk arrive backwards. */
    static final class DeliversChunksBackwards extends BrokenImplementation {
        DeliversChunksBackwards() {
            super("SP-2", "each data_received() chunk is reversed");
            alsoBreaks("every scenario that checks what the protocol received compares the bytes", RuleSets.STREAM);
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void dataReceived(byte[] data) {
                    byte[] backwards = new byte[data.length];
                    for (int i = 0; i < data.length; i++) {
                        backwards[i] = data[data.length - 1 - i];
                    }
                    delegate.dataReceived(backwards);
                }
            };
        }
    }

    /** SP-5: eof_received() returning False does not close the transport. */
    static final class EofFalseKeepsOpen extends BrokenImplementation {
        EofFalseKeepsOpen() {
            super("SP-5", "eof_received()'s result is taken as True");
            alsoBreaks("the default eof_received() returns None (false) too, and the scenarios that end on the peer's "
                    + "end of stream wait for the transport to close", RuleSets.STREAM);
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public boolean eofReceived() {
                    delegate.eofReceived();
                    return true;
                }
            };
        }
    }

    /** CB-1: a connection a server accepted gets no connection_made(). */
    static final class NoConnectionMadeWhenAccepted extends BrokenImplementation {
        NoConnectionMadeWhenAccepted() {
            super("CB-1", "connection_made() is not called for the connections a server accepts");
            alsoBreaks("the echo server's scenario, and PR-5's of a server, wait for its connections' connection_made()",
                    Set.of("EX-2", "PR-5"));
        }

        @Override
        Protocol<? super StreamTransport> acceptedCallbacks(Protocol<? super StreamTransport> application,
                                                            Supplier<? extends Protocol<? super StreamTransport>> factory) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionMade(StreamTransport transport) {
                }
            };
        }
    }

    /** SP-10: eof_received() a second time, when the transport closes a connection it kept half-open. */
    static final class EofReceivedAgainAtClose extends BrokenImplementation {
        EofReceivedAgainAtClose() {
            super("SP-10", "eof_received() is called again before connection_lost() when it had returned true");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private boolean keptOpen;

                @Override
                public boolean eofReceived() {
                    keptOpen = delegate.eofReceived();
                    return keptOpen;
                }

                @Override
                public void connectionLost(Exception exc) {
                    if (keptOpen) {
                        delegate.eofReceived();
                    }
                    delegate.connectionLost(exc);
                }
            };
        }
    }

    /** SP-12: the state machine broken: connection_made() a second time, when the first data arrives. */
    static final class ConnectionMadeAgainOnData extends BrokenImplementation {
        ConnectionMadeAgainOnData() {
            super("SP-12", "connection_made() is called again before the first data_received()");
            alsoBreaks("the scenarios that check the whole callback sequence or count connection_made() see the second one",
                    Set.of("CB-4", "CB-5", "EX-2"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private StreamTransport transport;

                @Override
                public void connectionMade(StreamTransport transport) {
                    this.transport = transport;
                    delegate.connectionMade(transport);
                }

                @Override
                public void dataReceived(byte[] data) {
                    if (transport != null) {
                        delegate.connectionMade(transport);
                        transport = null;
                    }
                    delegate.dataReceived(data);
                }
            };
        }
    }

    /**
     * SP-12 (stance S-16): the first {@code data_received()} runs on a thread of its own, at the same
     * time as the next callback on the loop's thread.
     *
     * <p>The overlap is made certain, not likely. The loop thread waits until the other thread is
     * inside its callback, in a call on the transport (a probe such as {@code get_write_buffer_size()});
     * that thread waits there until the loop thread is inside its next callback, in a call on the
     * transport too. Where the protocol makes no such call, the loop thread waits for the other thread
     * to finish, and nothing overlaps: other scenarios see no change.
     */
    static final class FirstDataReceivedOnAnotherThread extends BrokenImplementation {
        private static final long WAIT_SECONDS = 2;

        FirstDataReceivedOnAnotherThread() {
            super("SP-12", "the first data_received() runs on another thread, at the same time as the next callback");
            alsoBreaks("that data_received() runs on a thread other than the loop's, which the scenarios of PR-5 "
                    + "(stance S-22) see", Set.of("PR-5"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private final CountDownLatch otherThreadInside = new CountDownLatch(1);
                private final CountDownLatch loopThreadInside = new CountDownLatch(1);
                private volatile Thread other;

                @Override
                public void connectionMade(StreamTransport transport) {
                    delegate.connectionMade(new Delegating.Stream(transport) {
                        @Override
                        public long getWriteBufferSize() {
                            if (Thread.currentThread() == other) {
                                otherThreadInside.countDown();
                                await(loopThreadInside);
                            } else if (other != null) {
                                loopThreadInside.countDown();
                            }
                            return delegate.getWriteBufferSize();
                        }
                    });
                }

                @Override
                public void dataReceived(byte[] data) {
                    if (other != null) {
                        delegate.dataReceived(data);
                        return;
                    }
                    Thread thread = new Thread(() -> {
                        try {
                            delegate.dataReceived(data);
                        } finally {
                            otherThreadInside.countDown();
                        }
                    }, "broken-SP-12-data_received");
                    thread.setDaemon(true);
                    other = thread;
                    thread.start();
                    await(otherThreadInside);
                }
            };
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * PR-5 (stance S-22): every protocol callback, of every kind of transport, runs on one other thread
     * than the loop's, as a loop would that calls back on its own I/O threads. One at a time: the loop
     * thread hands each callback over and waits for it to return (with what it returned or threw), so no
     * two callbacks ever overlap and stance S-16 sees nothing. A callback the protocol causes from that
     * thread (a {@code pause_writing()} inside a reaction's {@code write()}) runs there at once, nested,
     * as it would on the loop thread.
     */
    static final class CallbacksOnAnotherThreadOneAtATime extends BrokenImplementation {
        private final OtherThread other = new OtherThread("broken-PR-5-callbacks");

        CallbacksOnAnotherThreadOneAtATime() {
            super("PR-5", "every protocol callback runs on one other thread, the loop thread waiting for each to return");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return other.protocol(application);
        }

        @Override
        <T extends BaseTransport> Protocol<? super T> pipeCallbacks(Protocol<? super T> application) {
            return other.protocol(application);
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new DatagramProtocol() {
                @Override public void connectionMade(DatagramTransport transport) { other.run(() -> application.connectionMade(transport)); }
                @Override public void connectionLost(Exception exc) { other.run(() -> application.connectionLost(exc)); }
                @Override public void pauseWriting() { other.run(application::pauseWriting); }
                @Override public void resumeWriting() { other.run(application::resumeWriting); }
                @Override public void datagramReceived(byte[] data, SocketAddress addr) { other.run(() -> application.datagramReceived(data, addr)); }
                @Override public void errorReceived(IOException exc) { other.run(() -> application.errorReceived(exc)); }
            };
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new SubprocessProtocol() {
                @Override public void connectionMade(SubprocessTransport transport) { other.run(() -> application.connectionMade(transport)); }
                @Override public void connectionLost(Exception exc) { other.run(() -> application.connectionLost(exc)); }
                @Override public void pauseWriting() { other.run(application::pauseWriting); }
                @Override public void resumeWriting() { other.run(application::resumeWriting); }
                @Override public void pipeDataReceived(int fd, byte[] data) { other.run(() -> application.pipeDataReceived(fd, data)); }
                @Override public void pipeConnectionLost(int fd, Exception exc) { other.run(() -> application.pipeConnectionLost(fd, exc)); }
                @Override public void processExited() { other.run(application::processExited); }
            };
        }
    }

    /**
     * One daemon thread that runs the callbacks handed to it, one at a time, while the thread that hands
     * one over waits for it to return. Callbacks handed over from that thread itself run at once.
     */
    static final class OtherThread {
        private volatile Thread thread;
        private final ExecutorService executor;

        OtherThread(String name) {
            executor = Executors.newSingleThreadExecutor(task -> {
                Thread made = new Thread(task, name);
                made.setDaemon(true);
                thread = made;
                return made;
            });
        }

        void run(Runnable callback) {
            call(() -> {
                callback.run();
                return null;
            });
        }

        /** Runs {@code callback} on the other thread and returns what it returned, or throws what it threw. */
        <R> R call(Supplier<R> callback) {
            if (Thread.currentThread() == thread) {
                return callback.get();
            }
            FutureTask<R> task = new FutureTask<>(callback::get);
            executor.execute(task);
            try {
                return task.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a callback ran on " + thread.getName(), e);
            }
        }

        /** A stream or pipe protocol whose every callback runs on the other thread. */
        <T extends BaseTransport> Protocol<T> protocol(Protocol<? super T> application) {
            return new Protocol<>() {
                @Override public void connectionMade(T transport) { run(() -> application.connectionMade(transport)); }
                @Override public void connectionLost(Exception exc) { run(() -> application.connectionLost(exc)); }
                @Override public void pauseWriting() { run(application::pauseWriting); }
                @Override public void resumeWriting() { run(application::resumeWriting); }
                @Override public void dataReceived(byte[] data) { run(() -> application.dataReceived(data)); }
                @Override public boolean eofReceived() { return call(application::eofReceived); }
            };
        }
    }

    /**
     * CB-11 (stance S-20): the future of the call that creates a connection completes before the
     * protocol's connection_made(), which follows at once, on the same thread: for every kind of transport.
     */
    static final class ConnectionMadeAfterTheCallReturns extends BrokenImplementation {
        ConnectionMadeAfterTheCallReturns() {
            super("CB-11", "connection_made() is called right after the future of the call that created the "
                    + "connection completed, not before");
        }

        @Override
        boolean connectionMadeAfterTheCallReturns() {
            return true;
        }
    }

    /**
     * TR-4 (stance S-25): the call that creates a connection returns, with its protocol, a wrapper of the
     * transport that connection_made() received: every call works through it, but it is another object.
     */
    static final class ReturnsAWrapperOfTheTransport extends BrokenImplementation {
        ReturnsAWrapperOfTheTransport() {
            super("TR-4", "the call that created a connection returns a wrapper of the transport connection_made() received");
        }

        @Override
        @SuppressWarnings("unchecked")
        <T extends BaseTransport> T returnedTransport(T made) {
            BaseTransport wrapper = made instanceof StreamTransport stream ? new Delegating.Stream(stream)
                    : made instanceof DatagramTransport datagram ? new Delegating.Datagram(datagram)
                    : made instanceof SubprocessTransport child ? new Delegating.Subprocess(child)
                    : made instanceof ReadTransport read ? new Delegating.ReadPipe(read)
                    : new Delegating.WritePipe((WriteTransport) made);
            return (T) wrapper;
        }
    }

    /**
     * CB-5 (stance S-21): close() and abort() with nothing buffered call connection_lost() at once, inside
     * the call, so inside the callback that made it; the reference's own connection_lost() later is dropped.
     */
    static final class ConnectionLostInsideClose extends BrokenImplementation {
        ConnectionLostInsideClose() {
            super("CB-5", "close() and abort() with an empty buffer call connection_lost(None) inside the call");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.LosingAtOnce(application) {
                @Override
                boolean losesAtOnce(StreamTransport transport, boolean aborting) {
                    return aborting || transport.getWriteBufferSize() == 0;
                }
            };
        }
    }

    /**
     * PR-3: an implementation that reads a connection only for a protocol that overrides
     * {@code data_received()} (as one that wires its I/O to the callbacks a protocol declares): a protocol
     * overriding no callback is never read, so the peer's data and its end of the stream go nowhere.
     */
    static final class ProtocolWithoutDataReceivedIsNotRead extends BrokenImplementation {
        ProtocolWithoutDataReceivedIsNotRead() {
            super("PR-3", "a connection whose protocol does not override data_received() is never read");
            alsoBreaks("its scenario checks the default eof_received() too", Set.of("SP-6"));
        }

        @Override
        Protocol<? super StreamTransport> acceptedCallbacks(Protocol<? super StreamTransport> application,
                                                            Supplier<? extends Protocol<? super StreamTransport>> factory) {
            if (overridesDataReceived(application)) {
                return application;
            }
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void connectionMade(StreamTransport transport) {
                    delegate.connectionMade(transport);
                    transport.pauseReading();
                }
            };
        }

        private static boolean overridesDataReceived(Object protocol) {
            try {
                return !protocol.getClass().getMethod("dataReceived", byte[].class).getDeclaringClass().isInterface();
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
