package io.asynciotck.selftest;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.api.transport.WriteTransport;

import java.util.List;
import java.util.Set;

/** Broken implementations of the flow control rules (FC). */
final class FlowControlMutants {

    private FlowControlMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new PausesAtTheHighWaterMark(),
            new ResumesOnlyBelowTheLowWaterMark(),
            new PausesTwice(),
            new PausesOnlyBeyondHighPlusOne(),
            new ResumesUnderTheHighWaterMark(),
            new ResumesTwice(),
            new HighZeroIsTheDefault(),
            new LowZeroIsTheDefault(),
            new StdinFlowControlNotPassedOn(),
            new LoweredHighWaterMarkWaitsForAWrite());

    /** Limits as the caller set them, whatever the transport was given instead. */
    abstract static class ShiftedLimits extends Delegating.Stream {
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

    /**
     * FC-6: resume_writing() only when the buffer is below the low-water mark ({@code size < low}), not
     * at it: the low-water mark set is one byte lower than asked, and with a mark of zero resume_writing()
     * never comes (no buffer is smaller than empty).
     */
    static final class ResumesOnlyBelowTheLowWaterMark extends BrokenImplementation {
        ResumesOnlyBelowTheLowWaterMark() {
            super("FC-6", "resume_writing() only when the buffer is below low (size < low): never when low is 0");
            alsoBreaks("the scenario of a low-water mark of zero is FC-8's and WT-11's too; a high-water mark of zero forces low to zero",
                    Set.of("FC-7", "FC-8", "WT-10", "WT-11"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private StreamTransport transport;

                @Override
                public void connectionMade(StreamTransport reference) {
                    transport = new ShiftedLimits(reference) {
                        @Override
                        WriteBufferLimits shift(WriteBufferLimits limits) {
                            return new WriteBufferLimits(Math.max(0, limits.low() - 1), limits.high());
                        }
                    };
                    delegate.connectionMade(transport);
                }

                @Override
                public void resumeWriting() {
                    if (transport.getWriteBufferLimits().low() > 0) {
                        delegate.resumeWriting();
                    }
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

    /** FC-1: pause_writing() only when the buffer goes over the high-water mark by two bytes. */
    static final class PausesOnlyBeyondHighPlusOne extends BrokenImplementation {
        PausesOnlyBeyondHighPlusOne() {
            super("FC-1", "the high-water mark set is one byte higher than asked (no pause at high + 1)");
            alsoBreaks("the flow-control scenarios write exactly one byte over the high-water mark and wait for the pause",
                    Set.of("FC-2", "FC-4", "FC-5", "FC-6", "FC-8", "WT-11"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new ShiftedLimits(reference) {
                @Override
                WriteBufferLimits shift(WriteBufferLimits limits) {
                    return new WriteBufferLimits(limits.low(), limits.high() + 1);
                }
            };
        }
    }

    /** FC-2: resume_writing() as soon as the buffer is back at the high-water mark: low is ignored. */
    static final class ResumesUnderTheHighWaterMark extends BrokenImplementation {
        ResumesUnderTheHighWaterMark() {
            super("FC-2", "the low-water mark is taken to be the high-water mark");
            alsoBreaks("the scenario of a low-water mark of zero waits for the buffer to drain to zero; FC-3's cycles check "
                            + "each resume's buffer size against the low-water mark, which a resume above it fails whenever "
                            + "a drain step stops between the two marks (not on every run)",
                    Set.of("FC-3", "FC-6", "FC-8", "WT-11"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new ShiftedLimits(reference) {
                @Override
                WriteBufferLimits shift(WriteBufferLimits limits) {
                    return new WriteBufferLimits(limits.high(), limits.high());
                }
            };
        }
    }

    /** FC-3: resume_writing() twice for one pause_writing(): the calls are no longer paired. */
    static final class ResumesTwice extends BrokenImplementation {
        ResumesTwice() {
            super("FC-3", "resume_writing() is called twice each time");
            alsoBreaks("every flow-control scenario that drains the buffer checks that resume_writing() came once",
                    Set.of("FC-2", "FC-6", "FC-7", "FC-8", "WT-10", "WT-11"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                @Override
                public void resumeWriting() {
                    delegate.resumeWriting();
                    delegate.resumeWriting();
                }
            };
        }
    }

    /** FC-7: a high-water mark of zero taken as "not given" (Python's {@code high or DEFAULT}). */
    static final class HighZeroIsTheDefault extends BrokenImplementation {
        HighZeroIsTheDefault() {
            super("FC-7", "a high-water mark of 0 is taken as not given: the default applies");
            alsoBreaks("WT-10's scenario reads the limits that setting high to zero gives", Set.of("WT-10"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    delegate.setWriteBufferLimits(high != null && high == 0 ? null : high, low);
                }
            };
        }
    }

    /** FC-8: a low-water mark of zero taken as "not given" (Python's {@code low or high // 4}). */
    static final class LowZeroIsTheDefault extends BrokenImplementation {
        LowZeroIsTheDefault() {
            super("FC-8", "a low-water mark of 0 is taken as not given: the default applies");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    delegate.setWriteBufferLimits(high, low != null && low == 0 ? null : low);
                }
            };
        }
    }

    /** FC-9: the flow control of a child's stdin does not reach the subprocess protocol. */
    static final class StdinFlowControlNotPassedOn extends BrokenImplementation {
        StdinFlowControlNotPassedOn() {
            super("FC-9", "pause_writing() and resume_writing() of the child's stdin are not passed to the subprocess protocol");
            alsoBreaks("PR-5's subprocess scenario waits for them before it checks the threads", Set.of("PR-5"));
        }

        @Override
        SubprocessProtocol subprocessCallbacks(SubprocessProtocol application) {
            return new Delegating.SubprocessCallbacks(application) {
                @Override
                public void pauseWriting() {
                }

                @Override
                public void resumeWriting() {
                }
            };
        }
    }

    /**
     * FC-1 (stance S-18): water marks that are checked only when data is written, as Netty's are. A
     * high-water mark set below the buffer size is applied, and the protocol paused, at the next write;
     * until then the transport keeps a high-water mark equal to its buffer size and reports the one asked.
     * On stream transports, write pipes and a child's stdin.
     */
    static final class LoweredHighWaterMarkWaitsForAWrite extends BrokenImplementation {
        LoweredHighWaterMarkWaitsForAWrite() {
            super("FC-1", "set_write_buffer_limits() below the buffer size pauses only at the next write()");
            alsoBreaks("the scenario of the child's stdin is FC-9's too: the pause must reach the subprocess protocol",
                    Set.of("FC-9"));
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.Stream.writingThrough(reference, writePipe(reference));
        }

        /** The limits of one transport: set at once, or kept until the next write when they would pause. */
        @Override
        WriteTransport writePipe(WriteTransport reference) {
            return new Delegating.WritePipe(reference) {
                private WriteBufferLimits pending;

                /** asyncio's defaults and checks (as the reference's): only high given, low = high / 4... */
                @Override
                public void setWriteBufferLimits(Long high, Long low) {
                    long newHigh = high != null ? high : low != null ? 4 * low : 64 * 1024;
                    long newLow = low != null ? low : newHigh / 4;
                    WriteBufferLimits asked = new WriteBufferLimits(newLow, newHigh); // throws as the reference does
                    long size = delegate.getWriteBufferSize();
                    pending = asked.high() >= size ? null : asked;
                    delegate.setWriteBufferLimits(Math.max(asked.high(), size), asked.low());
                }

                @Override
                public WriteBufferLimits getWriteBufferLimits() {
                    return pending != null ? pending : delegate.getWriteBufferLimits();
                }

                @Override
                public void write(byte[] data) {
                    applyPending();
                    delegate.write(data);
                }

                @Override
                public void writelines(Iterable<byte[]> data) {
                    applyPending();
                    delegate.writelines(data);
                }

                /** Before a write: the limits asked take effect now, and may pause. */
                private void applyPending() {
                    if (pending != null) {
                        WriteBufferLimits asked = pending;
                        pending = null;
                        delegate.setWriteBufferLimits(asked.high(), asked.low());
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
