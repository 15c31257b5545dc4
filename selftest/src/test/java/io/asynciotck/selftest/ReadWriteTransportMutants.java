package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteTransport;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Broken implementations of the ReadTransport and WriteTransport rules (RT, WT). */
final class ReadWriteTransportMutants {

    private ReadWriteTransportMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new AbortFlushes(),
            new WriteEofDropsTheBuffer(),
            new WritelinesTakesOnlyLists(),
            new AcceptsNegativeWaterMarks(),
            new BufferSizeOffByOne(),
            new LowAboveHighAccepted(),
            new PauseReadingDoesNothing(),
            new CannotWriteEof(),
            new StopsReadingAtWriteEof(),
            new ResumeReadingDoesNothing(),
            new AbortTakesEffectLate(),
            new AbortIsAnError(),
            new HighOnlyKeepsTheDefaultLow(),
            new RefusesHighZero(),
            new RefusesLowZero(),
            new WriteBlocksOnBigData(),
            new DropsWritesWhileBuffered(),
            new WritelinesAddsNewlines(),
            new WritesAfterWriteEofDropped());

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

    /** WT-5: get_write_buffer_size() one more than the bytes waiting, whenever some are. */
    static final class BufferSizeOffByOne extends BrokenImplementation {
        BufferSizeOffByOne() {
            super("WT-5", "get_write_buffer_size() reports one byte more than is buffered, 1 when empty");
            alsoBreaks("the flow-control and buffering scenarios read the buffer size to set marks and check growth",
                    RuleSets.STREAM);
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
            alsoBreaks("the data that close() while reading is paused must discard is delivered at once instead; when it "
                    + "reaches the loop while close() is on its way, data_received() follows the close call", Set.of("BT-2", "BT-3"));
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

    /** WT-2: abort() acts on a later loop turn, and data that arrives before is still delivered. */
    static final class AbortTakesEffectLate extends BrokenImplementation {
        AbortTakesEffectLate() {
            super("WT-2", "abort() takes effect 300 ms later; data arriving meanwhile is delivered");
            alsoBreaks("300 ms is time enough for the peer to read the buffer that abort() should have dropped",
                    Set.of("WT-1"));
        }

        @Override
        StreamTransport stream(StreamTransport reference, EventLoop loop) {
            return new Delegating.Stream(reference) {
                @Override
                public void abort() {
                    loop.callLater(BaseTransportMutants.LATE, delegate::abort);
                }
            };
        }
    }

    /** WT-3: abort() ends the connection with an error. */
    static final class AbortIsAnError extends BrokenImplementation {
        AbortIsAnError() {
            super("WT-3", "abort() ends with connection_lost(ConnectionAbortedError) instead of None");
            alsoBreaks("CB-2's scenario of a connection this side aborts expects connection_lost(None)",
                    Set.of("CB-2"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private boolean aborted;

                @Override
                public void connectionMade(StreamTransport transport) {
                    delegate.connectionMade(new Delegating.Stream(transport) {
                        @Override
                        public void abort() {
                            aborted = true;
                            delegate.abort();
                        }
                    });
                }

                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(aborted && exc == null ? new IOException("ConnectionAbortedError") : exc);
                }
            };
        }
    }

    /** WT-9: only a high-water limit given: low stays at the default, and is refused when above high. */
    static final class HighOnlyKeepsTheDefaultLow extends BrokenImplementation {
        HighOnlyKeepsTheDefaultLow() {
            super("WT-9", "set_write_buffer_limits(high) takes low = 16 KiB, and fails when high is lower");
            alsoBreaks("the scenarios of a high-water mark of zero set high alone",
                    Set.of("FC-7", "WT-10"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    delegate.setWriteBufferLimits(high, low == null && high != null ? Long.valueOf(16 * 1024) : low);
                }
            };
        }
    }

    /** WT-10: a high-water limit of zero refused. */
    static final class RefusesHighZero extends BrokenImplementation {
        RefusesHighZero() {
            super("WT-10", "set_write_buffer_limits(high=0) raises: 'high must be positive'");
            alsoBreaks("FC-7's scenario sets a high-water mark of zero too", Set.of("FC-7"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    if (high != null && high == 0) {
                        throw new IllegalArgumentException("high must be positive");
                    }
                    delegate.setWriteBufferLimits(high, low);
                }
            };
        }
    }

    /** WT-11: a low-water limit of zero refused. */
    static final class RefusesLowZero extends BrokenImplementation {
        RefusesLowZero() {
            super("WT-11", "set_write_buffer_limits(low=0) raises: 'low must be positive'");
            alsoBreaks("the TCK fills the peer's receive window with the limits (1 GiB, 0), so every scenario that fills it fails there",
                    Set.of("BT-1", "BT-2", "BT-3", "FC-1", "FC-2", "FC-3", "FC-4", "FC-5", "FC-6", "FC-7", "FC-8", "WT-1", "WT-10", "WT-15", "WT-16", "WT-18", "WT-2", "WT-3", "WT-5"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    if (low != null && low == 0) {
                        throw new IllegalArgumentException("low must be positive");
                    }
                    delegate.setWriteBufferLimits(high, low);
                }
            };
        }
    }

    /** WT-14: write() of big data blocks the caller (and the loop) until the data is sent. */
    static final class WriteBlocksOnBigData extends BrokenImplementation {
        WriteBlocksOnBigData() {
            super("WT-14", "write() of more than 8 MiB waits until its buffer drained (giving up after 3 s)");
            alsoBreaks("the flow-control scenarios that drain megabytes and abort()'s scenario write 16 MB at once",
                    Set.of("FC-2", "FC-3", "FC-6", "FC-8", "WT-1", "WT-11"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void write(byte[] data) {
                    delegate.write(data);
                    if (data.length > 8 * 1024 * 1024) {
                        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                        // on the loop's thread nothing drains meanwhile: it waits out the bound, as a blocking send would
                        while (delegate.getWriteBufferSize() > 0 && System.nanoTime() < deadline) {
                            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                        }
                    }
                }
            };
        }
    }

    /** WT-15: write() while earlier data is still buffered drops the new data. */
    static final class DropsWritesWhileBuffered extends BrokenImplementation {
        DropsWritesWhileBuffered() {
            super("WT-15", "write() drops its data when earlier data is still buffered");
            alsoBreaks("every scenario that writes after filling the peer's receive window writes while data is buffered "
                    + "(PR-5's stream scenario writes twice to a peer that does not read, then waits for all of it)",
                    Set.of("BT-1", "BT-3", "FC-1", "FC-2", "FC-3", "FC-4", "FC-5", "FC-6", "FC-8", "WT-11", "WT-16", "WT-18", "WT-5",
                            "PR-5"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void write(byte[] data) {
                    if (delegate.getWriteBufferSize() == 0) {
                        delegate.write(data);
                    }
                }
            };
        }
    }

    /** WT-16: writelines() is not the write() of each element: it ends every element with a newline. */
    static final class WritelinesAddsNewlines extends BrokenImplementation {
        WritelinesAddsNewlines() {
            super("WT-16", "writelines() writes a newline after each element");
            alsoBreaks("WT-17's scenarios check what writelines() of other iterables sends",
                    Set.of("WT-17"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void writelines(Iterable<byte[]> data) {
                    for (byte[] line : data) {
                        delegate.write(line);
                        delegate.write(new byte[] {'\n'});
                    }
                }
            };
        }
    }

    /**
     * WT-18 (stance S-17): write() and writelines() after write_eof() are accepted and their data dropped,
     * as CPython's pipe transport does: on stream transports, write pipes and a child's stdin.
     */
    static final class WritesAfterWriteEofDropped extends BrokenImplementation {
        WritesAfterWriteEofDropped() {
            super("WT-18", "write() and writelines() after write_eof() return without raising and drop the data");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.Stream.writingThrough(reference, writePipe(reference));
        }

        @Override
        WriteTransport writePipe(WriteTransport reference) {
            return new Delegating.WritePipe(reference) {
                private boolean eof;

                @Override
                public void writeEof() {
                    delegate.writeEof();
                    eof = true;
                }

                @Override
                public void write(byte[] data) {
                    if (!eof) {
                        delegate.write(data);
                    }
                }

                @Override
                public void writelines(Iterable<byte[]> data) {
                    if (!eof) {
                        delegate.writelines(data);
                    }
                }
            };
        }

        @Override
        SubprocessTransport subprocess(SubprocessTransport reference) {
            return Delegating.Subprocess.withStdin(reference, this::writePipe);
        }
    }
}
