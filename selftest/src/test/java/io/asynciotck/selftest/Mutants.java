package io.asynciotck.selftest;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteBufferLimits;

import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The broken implementations: each the reference with one small change, named after what it does
 * wrong. {@link #ALL} is the list the self-test runs.
 */
final class Mutants {

    private Mutants() {
    }

    /**
     * The rules of the stream scenarios (TCP): almost every one of them ends on "connection_lost is
     * called once with None", so a change to connection_lost() fails them all.
     */
    static final Set<String> STREAM_RULES = Set.of("BT-1", "BT-2", "BT-3", "BT-4", "BT-5", "BT-6", "BT-7", "BT-8",
            "RT-1", "RT-2", "WT-1", "WT-2", "WT-3", "WT-4", "WT-5", "WT-6", "WT-7", "WT-8", "WT-9", "WT-10", "WT-11",
            "WT-14", "WT-15", "WT-16", "WT-17", "WT-18", "WT-19", "CB-1", "CB-2", "CB-3", "CB-4", "CB-5", "SP-1", "SP-2",
            "SP-4", "SP-5", "SP-6", "SP-7", "SP-10", "SP-11", "SP-12", "FC-1", "FC-2", "FC-3", "FC-4", "FC-5", "FC-6",
            "FC-7", "FC-8", "EX-1", "EX-2", "EX-3", "EX-4", "EX-5");

    static final List<BrokenImplementation> ALL = List.of(
            new PausesAtTheHighWaterMark(), new PausesTwice(), new ResumesOnlyBelowTheLowWaterMark(),
            new DeliversEmptyData(), new DeliversDataAfterEof(), new LosesTheConnectionTwice(),
            new CallsBackAfterConnectionLost(), new CloseDropsTheBuffer(), new AbortFlushes(),
            new IgnoresEofReceivedsResult(), new WriteEofDropsTheBuffer(), new WritelinesTakesOnlyLists(),
            new AcceptsNegativeWaterMarks(), new ExtraInfoIgnoresTheDefault(), new SwapsStdoutAndStderr(),
            new PipeTransportForAnyFd(), new TerminateKills(), new SendtoIgnoresTheAddress(),
            new OneProtocolPerDatagram(), new MissingInfoIsNotNone(), new PeernameIsTheSockname(),
            new NoSocketInfo(), new BufferSizeOffByOne(), new LowAboveHighAccepted(),
            new PauseReadingDoesNothing(), new CannotWriteEof(), new StopsReadingAtWriteEof(),
            new SendtoWithoutAddressDropped(), new WrongPid(), new ReturncodeZeroWhileRunning(),
            new SendSignalSendsTerm(), new ProcessExitedTwice(), new EofReceivedNeverCalled(),
            new DatagramWithoutAddress(), new ErrorReceivedDropped(), new ResetIsAClose(), new CloseIsAnError(),
            new DeliversChunksBackwards(), new SockameIsThePeername(), new EofFalseKeepsOpen(), new ResumeReadingDoesNothing(),
            new StdinAndStdoutSwapped(), new KillTerminates(), new CloseLeavesTheChildRunning());


    /** Limits as the caller set them, whatever the transport was given instead. */
    private abstract static class ShiftedLimits extends Delegating.Stream {
        private WriteBufferLimits asSet;

        ShiftedLimits(StreamTransport delegate) {
            super(delegate);
        }

        abstract WriteBufferLimits shift(WriteBufferLimits limits);

        @Override
        public void setWriteBufferLimits(Long high, Long low) {
            delegate.setWriteBufferLimits(high, low); // validation and defaults as the reference does them
            asSet = delegate.getWriteBufferLimits();
            WriteBufferLimits shifted = shift(asSet);
            delegate.setWriteBufferLimits(shifted.high(), shifted.low());
        }

        @Override
        public WriteBufferLimits getWriteBufferLimits() {
            return asSet != null ? asSet : delegate.getWriteBufferLimits();
        }
    }

    /** FC-5: pause_writing() when the buffer reaches the high-water mark, not only when it goes over. */
    static final class PausesAtTheHighWaterMark extends BrokenImplementation {
        PausesAtTheHighWaterMark() {
            super("FC-5", "the high-water mark set is one byte lower than asked (pauses at buffer == high)");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new ShiftedLimits(reference) {
                @Override
                WriteBufferLimits shift(WriteBufferLimits limits) {
                    long high = Math.max(0, limits.high() - 1);
                    return new WriteBufferLimits(Math.min(limits.low(), high), high);
                }
            };
        }
    }

    /** FC-6: resume_writing() only below the low-water mark, not at it. */
    static final class ResumesOnlyBelowTheLowWaterMark extends BrokenImplementation {
        ResumesOnlyBelowTheLowWaterMark() {
            super("FC-6", "the low-water mark set is one byte lower than asked (resumes only below low)");
        }

        @Override
        String escapes() {
            return "'at or below' and 'below' the low-water mark differ only when a flush leaves exactly low bytes "
                    + "buffered, which a peer over TCP cannot arrange: the socket takes what it has room for";
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new ShiftedLimits(reference) {
                @Override
                WriteBufferLimits shift(WriteBufferLimits limits) {
                    return new WriteBufferLimits(Math.max(0, limits.low() - 1), limits.high());
                }
            };
        }
    }

    /** FC-4: pause_writing() twice for one crossing of the high-water mark. */
    static final class PausesTwice extends BrokenImplementation {
        PausesTwice() {
            super("FC-4", "pause_writing() is called twice each time");
            alsoBreaks("every flow-control scenario checks that pause_writing() came once, and pauses and resumes alternate",
                    Set.of("FC-1", "FC-2", "FC-3", "FC-5", "FC-6", "FC-7", "FC-8", "WT-10", "WT-11", "FC-9"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void pauseWriting() {
                    delegate.pauseWriting();
                    delegate.pauseWriting();
                }
            };
        }
    }

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
                    STREAM_RULES);
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
                    STREAM_RULES);
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

    /** BT-1: close() drops the buffered data. */
    static final class CloseDropsTheBuffer extends BrokenImplementation {
        CloseDropsTheBuffer() {
            super("BT-1", "close() is abort()");
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

    /** WT-1: abort() flushes the buffered data. */
    static final class AbortFlushes extends BrokenImplementation {
        AbortFlushes() {
            super("WT-1", "abort() is close()");
            alsoBreaks("abort() that waits for the buffer to drain never ends a connection whose peer does not read",
                    Set.of("WT-2", "WT-3"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void abort() {
                    delegate.close();
                }
            };
        }
    }

    /** SP-7: eof_received()'s true result is ignored: the transport closes anyway. */
    static final class IgnoresEofReceivedsResult extends BrokenImplementation {
        IgnoresEofReceivedsResult() {
            super("SP-7", "eof_received()'s result is taken as False");
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

    /** WT-18: write_eof() without flushing the buffered data first. */
    static final class WriteEofDropsTheBuffer extends BrokenImplementation {
        WriteEofDropsTheBuffer() {
            super("WT-18", "write_eof() clears the buffer first (through the reference's clearBuffer())");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void writeEof() {
                    clearBuffer(delegate);
                    delegate.writeEof();
                }
            };
        }

        private static void clearBuffer(Object transport) {
            try {
                Method clear = null;
                for (Class<?> type = transport.getClass(); type != null && clear == null; type = type.getSuperclass()) {
                    for (Method method : type.getDeclaredMethods()) {
                        if (method.getName().equals("clearBuffer") && method.getParameterCount() == 0) {
                            clear = method;
                        }
                    }
                }
                if (clear == null) {
                    throw new IllegalStateException("no clearBuffer() on " + transport.getClass());
                }
                clear.setAccessible(true);
                clear.invoke(transport);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot clear the buffer of " + transport, e);
            }
        }
    }

    /** WT-17: writelines() refuses an iterable that is not a list. */
    static final class WritelinesTakesOnlyLists extends BrokenImplementation {
        WritelinesTakesOnlyLists() {
            super("WT-17", "writelines() raises for anything but a List");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void writelines(Iterable<byte[]> data) {
                    if (!(data instanceof List<?>)) {
                        throw new IllegalArgumentException("writelines() needs a list, got " + data.getClass().getName());
                    }
                    delegate.writelines(data);
                }
            };
        }
    }

    /** WT-8: negative water marks are accepted (silently ignored). */
    static final class AcceptsNegativeWaterMarks extends BrokenImplementation {
        AcceptsNegativeWaterMarks() {
            super("WT-8", "set_write_buffer_limits() with a negative limit does nothing instead of raising");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    if ((high != null && high < 0) || (low != null && low < 0)) {
                        return;
                    }
                    delegate.setWriteBufferLimits(high, low);
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

    /** DT-1: sendto(data, addr) ignores addr. */
    static final class SendtoIgnoresTheAddress extends BrokenImplementation {
        SendtoIgnoresTheAddress() {
            super("DT-1", "sendto(data, addr) sends as sendto(data)");
            alsoBreaks("the scenarios that reply with sendto(data, addr) or check where datagrams come from send nowhere",
                    Set.of("BT-8", "EX-8"));
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    delegate.sendto(data, null);
                }
            };
        }
    }

    /** EX-8: a new protocol for every datagram, rather than one for the endpoint. */
    static final class OneProtocolPerDatagram extends BrokenImplementation {
        OneProtocolPerDatagram() {
            super("EX-8", "every datagram goes to a new protocol from the factory");
            alsoBreaks("each datagram's new protocol gets its own connection_made() and the datagram, so the endpoint's protocol never sees it",
                    Set.of("CB-1", "CB-4", "CB-5", "DP-1", "EX-7"));
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                private DatagramTransport transport;

                @Override
                public void connectionMade(DatagramTransport transport) {
                    this.transport = transport;
                    delegate.connectionMade(transport);
                }

                @Override
                public void datagramReceived(byte[] data, SocketAddress addr) {
                    DatagramProtocol fresh = factory.get();
                    fresh.connectionMade(transport);
                    fresh.datagramReceived(data, addr);
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
            return new Delegating.Stream(reference) {
                @Override
                public Object getExtraInfo(String name, Object defaultValue) {
                    return "socket".equals(name) ? defaultValue : delegate.getExtraInfo(name, defaultValue);
                }
            };
        }
    }

    /** WT-5: get_write_buffer_size() one more than the bytes waiting, whenever some are. */
    static final class BufferSizeOffByOne extends BrokenImplementation {
        BufferSizeOffByOne() {
            super("WT-5", "get_write_buffer_size() reports one byte more than is buffered, 1 when empty");
            alsoBreaks("the flow-control and buffering scenarios read the buffer size to set marks and check growth",
                    STREAM_RULES);
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public long getWriteBufferSize() {
                    return delegate.getWriteBufferSize() + 1;
                }
            };
        }
    }

    /** WT-7: a low-water mark above the high-water mark is accepted (ignored). */
    static final class LowAboveHighAccepted extends BrokenImplementation {
        LowAboveHighAccepted() {
            super("WT-7", "set_write_buffer_limits(high, low) with low > high does nothing instead of raising");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    if (high != null && low != null && low > high && high >= 0) {
                        return;
                    }
                    delegate.setWriteBufferLimits(high, low);
                }
            };
        }
    }

    /** RT-1: pause_reading() does nothing. */
    static final class PauseReadingDoesNothing extends BrokenImplementation {
        PauseReadingDoesNothing() {
            super("RT-1", "pause_reading() is ignored");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void pauseReading() {
                }
            };
        }
    }

    /** WT-4: can_write_eof() is False although write_eof() works. */
    static final class CannotWriteEof extends BrokenImplementation {
        CannotWriteEof() {
            super("WT-4", "can_write_eof() returns False");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public boolean canWriteEof() {
                    return false;
                }
            };
        }
    }

    /** WT-19: no data is received after write_eof(). */
    static final class StopsReadingAtWriteEof extends BrokenImplementation {
        StopsReadingAtWriteEof() {
            super("WT-19", "write_eof() also pauses reading");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void writeEof() {
                    delegate.writeEof();
                    delegate.pauseReading();
                }
            };
        }
    }

    /** DT-2: sendto(data) without an address is dropped. */
    static final class SendtoWithoutAddressDropped extends BrokenImplementation {
        SendtoWithoutAddressDropped() {
            super("DT-2", "sendto(data) without an address does nothing");
            alsoBreaks("their scenarios send on a connected endpoint without an address",
                    Set.of("EX-7", "DT-3", "DP-2", "BT-3"));
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    if (addr != null) {
                        delegate.sendto(data, addr);
                    }
                }
            };
        }
    }

    /** PT-1: get_pid() is not the child's pid. */
    static final class WrongPid extends BrokenImplementation {
        WrongPid() {
            super("PT-1", "get_pid() returns the pid plus one");
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return new Delegating.Subprocess(reference) {
                @Override
                public long getPid() {
                    return delegate.getPid() + 1;
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

    /** DP-1: datagram_received() without the sender's address. */
    static final class DatagramWithoutAddress extends BrokenImplementation {
        DatagramWithoutAddress() {
            super("DP-1", "datagram_received(data, None)");
            alsoBreaks("the scenarios that reply to the sender or check where datagrams come from need the address",
                    Set.of("EX-8", "DT-1", "DT-2", "DT-3", "DT-4", "DT-5", "BT-6", "BT-8", "DP-2"));
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                @Override
                public void datagramReceived(byte[] data, SocketAddress addr) {
                    delegate.datagramReceived(data, null);
                }
            };
        }
    }

    /** DP-2: error_received() is never called. */
    static final class ErrorReceivedDropped extends BrokenImplementation {
        ErrorReceivedDropped() {
            super("DP-2", "error_received() is dropped");
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                @Override
                public void errorReceived(java.io.IOException exc) {
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
                    STREAM_RULES);
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
            alsoBreaks("every scenario that checks what the protocol received compares the bytes", STREAM_RULES);
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

    /** SP-5: eof_received() returning False does not close the transport. */
    static final class EofFalseKeepsOpen extends BrokenImplementation {
        EofFalseKeepsOpen() {
            super("SP-5", "eof_received()'s result is taken as True");
            alsoBreaks("the default eof_received() returns None (false) too, and the scenarios that end on the peer's "
                    + "end of stream wait for the transport to close", STREAM_RULES);
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

    /** RT-2: resume_reading() does nothing. */
    static final class ResumeReadingDoesNothing extends BrokenImplementation {
        ResumeReadingDoesNothing() {
            super("RT-2", "resume_reading() is ignored");
            alsoBreaks("RT-1's scenario resumes reading and expects the data held back", Set.of("RT-1"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void resumeReading() {
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
                    "FC-2", "FC-9", "RT-1", "RT-2", "BT-15"));
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
}
