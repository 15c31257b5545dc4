package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Broken implementations of the BaseTransport rules (BT): close(), get_extra_info(). */
final class BaseTransportMutants {

    private BaseTransportMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new CloseDropsTheBuffer(),
            new ExtraInfoIgnoresTheDefault(),
            new MissingInfoIsNotNone(),
            new PeernameIsTheSockname(),
            new NoSocketInfo(),
            new SocketInfoIsTheTransport(),
            new SockameIsThePeername(),
            new CloseTakesEffectLate(),
            new LostBeforeTheBufferIsFlushed(),
            new NoPipeInfo(),
            new PipeInfoIsTheTransport(),
            new NoSubprocessInfo(),
            new SubprocessInfoIsThePid(),
            new AcceptedCloseDropsTheBuffer(),
            new AcceptedPeernameIsTheServerAddress());

    /** BT-1: close() drops the buffered data. */
    static final class CloseDropsTheBuffer extends BrokenImplementation {
        CloseDropsTheBuffer() {
            super("BT-1", "close() is abort()");
            alsoBreaks("the scenario that aborts a transport still closing needs the data close() left buffered",
                    Set.of("SP-12", "WT-1", "WT-3"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void close() {
                    delegate.abort();
                }
            };
        }
    }

    /** BT-4: get_extra_info() returns None instead of the caller's default. */
    static final class ExtraInfoIgnoresTheDefault extends BrokenImplementation {
        ExtraInfoIgnoresTheDefault() {
            super("BT-4", "get_extra_info(name, default) ignores default");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    return delegate.getExtraInfo(name, null);
                }
            };
        }
    }

    /** BT-5: get_extra_info(name) without a default gives "" for information the transport lacks. */
    static final class MissingInfoIsNotNone extends BrokenImplementation {
        MissingInfoIsNotNone() {
            super("BT-5", "get_extra_info(name) without a default returns '' for unknown names");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    Object value = delegate.getExtraInfo(name, defaultValue);
                    return value == null && defaultValue == null ? "" : value;
                }
            };
        }
    }

    /** BT-6: get_extra_info('peername') is the socket's own address. */
    static final class PeernameIsTheSockname extends BrokenImplementation {
        PeernameIsTheSockname() {
            super("BT-6", "get_extra_info('peername') returns the sockname");
            alsoBreaks("the echo server's scenario checks the peername seen in connection_made",
                    Set.of("EX-2"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    return delegate.getExtraInfo("peername".equals(name) ? "sockname" : name, defaultValue);
                }
            };
        }
    }

    /** BT-7: get_extra_info('socket') is missing. */
    static final class NoSocketInfo extends BrokenImplementation {
        NoSocketInfo() {
            super("BT-7", "get_extra_info('socket') returns the default");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "socket", (info, defaultValue) -> defaultValue);
        }
    }

    /** BT-7: get_extra_info('socket') is an object, but not a socket: the transport itself. */
    static final class SocketInfoIsTheTransport extends BrokenImplementation {
        SocketInfoIsTheTransport() {
            super("BT-7", "get_extra_info('socket') returns the transport, not its socket");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "socket", (info, defaultValue) -> reference);
        }
    }

    /** BT-8: get_extra_info('sockname') is the remote address. */
    static final class SockameIsThePeername extends BrokenImplementation {
        SockameIsThePeername() {
            super("BT-8", "get_extra_info('sockname') returns the peername");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    return delegate.getExtraInfo("sockname".equals(name) ? "peername" : name, defaultValue);
                }
            };
        }
    }

    /** How late the "late" changes act: long enough for a peer's data to arrive in between. */
    static final Duration LATE = Duration.ofMillis(300);

    /** BT-2: close() acts on a later loop turn, and data that arrives before is still delivered. */
    static final class CloseTakesEffectLate extends BrokenImplementation {
        CloseTakesEffectLate() {
            super("BT-2", "close() takes effect 300 ms later; data arriving meanwhile is delivered");
        }

        @Override
        StreamTransport stream(StreamTransport reference, EventLoop loop) {
            return new Delegating.Stream(reference) {
                @Override
                public void close() {
                    loop.callLater(LATE, delegate::close);
                }
            };
        }
    }

    /** BT-3: close() with data still buffered calls connection_lost() at once, before flushing it. */
    static final class LostBeforeTheBufferIsFlushed extends BrokenImplementation {
        LostBeforeTheBufferIsFlushed() {
            super("BT-3", "close() calls connection_lost(None) at once, before the buffer is flushed");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.LosingAtOnce(application) {
                @Override
                boolean losesAtOnce(StreamTransport transport, boolean aborting) {
                    return !aborting && transport.getWriteBufferSize() > 0;
                }
            };
        }
    }

    /** BT-14: a pipe transport has no "pipe" information. */
    static final class NoPipeInfo extends BrokenImplementation {
        NoPipeInfo() {
            super("BT-14", "get_extra_info('pipe') of a pipe transport is None");
        }

        @Override
        ReadTransport readPipe(ReadTransport reference) {
            return Delegating.replacingInfo(reference, "pipe", (info, defaultValue) -> defaultValue);
        }

        @Override
        WriteTransport writePipe(WriteTransport reference) {
            return Delegating.replacingInfo(reference, "pipe", (info, defaultValue) -> defaultValue);
        }
    }

    /** BT-14: a pipe transport's "pipe" information is an object, but not the pipe: the transport itself. */
    static final class PipeInfoIsTheTransport extends BrokenImplementation {
        PipeInfoIsTheTransport() {
            super("BT-14", "get_extra_info('pipe') of a pipe transport returns the transport, not its pipe");
        }

        @Override
        ReadTransport readPipe(ReadTransport reference) {
            return Delegating.replacingInfo(reference, "pipe", (info, defaultValue) -> reference);
        }

        @Override
        WriteTransport writePipe(WriteTransport reference) {
            return Delegating.replacingInfo(reference, "pipe", (info, defaultValue) -> reference);
        }
    }

    /** BT-15: a subprocess transport has no "subprocess" information. */
    static final class NoSubprocessInfo extends BrokenImplementation {
        NoSubprocessInfo() {
            super("BT-15", "get_extra_info('subprocess') of a subprocess transport is None");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return Delegating.replacingInfo(reference, "subprocess", (info, defaultValue) -> defaultValue);
        }
    }

    /** BT-15: a subprocess transport's "subprocess" information is the child's pid, not the process object. */
    static final class SubprocessInfoIsThePid extends BrokenImplementation {
        SubprocessInfoIsThePid() {
            super("BT-15", "get_extra_info('subprocess') of a subprocess transport is the child's pid");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return Delegating.replacingInfo(reference, "subprocess", (info, defaultValue) -> reference.getPid());
        }
    }

    /**
     * BT-1 on the server side only: close() of a connection a server accepted drops its buffer. The
     * implementation's client connections close as they should, so only the scenarios on accepted
     * connections see it.
     */
    static final class AcceptedCloseDropsTheBuffer extends BrokenImplementation {
        AcceptedCloseDropsTheBuffer() {
            super("BT-1", "close() of a connection a server accepted is abort()");
            alsoBreaks("the scenario that aborts a transport still closing needs the data close() left buffered",
                    Set.of("SP-12", "WT-1", "WT-3"));
        }

        @Override
        StreamTransport accepted(StreamTransport reference, EventLoop loop) {
            return new Delegating.Stream(reference) {
                @Override
                public void close() {
                    delegate.abort();
                }
            };
        }
    }

    /**
     * BT-6 on the server side only: a connection a server accepted gives the server's own address as its
     * peername (the listening socket's, as if it had asked the wrong socket).
     */
    static final class AcceptedPeernameIsTheServerAddress extends BrokenImplementation {
        AcceptedPeernameIsTheServerAddress() {
            super("BT-6", "get_extra_info('peername') of a connection a server accepted is the server's own address");
            alsoBreaks("the echo server's scenario checks the peername its connections saw in connection_made",
                    Set.of("EX-2"));
        }

        @Override
        StreamTransport accepted(StreamTransport reference, EventLoop loop) {
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    return delegate.getExtraInfo("peername".equals(name) ? "sockname" : name, defaultValue);
                }
            };
        }
    }
}
