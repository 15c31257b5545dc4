package io.asynciotck.selftest;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;

import java.util.List;
import java.util.Set;

/**
 * Broken implementations of the cells of the states × operations matrix (RULES.md, "States and
 * operations"): each keeps every rule in a fresh connection and breaks one where two rules meet, an
 * operation in a state that a single rule's scenarios never reach.
 */
final class StateMutants {

    private StateMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new CloseAfterWriteEofDropsTheBuffer(),
            new ResumesAfterConnectionLost(),
            new AbortWhileClosingLosesTheConnectionAgain(),
            new EndOfStreamWhileBufferedAborts(),
            new CloseWhileReadingPausedDeliversWhatWasHeldBack(),
            new EmptyWriteCountsAsOneByte(),
            new LimitsSetWhilePausedWaitForTheResume(),
            new LimitsSetWhilePausedForgetThePause(),
            new EmptyWriteIsQueued(),
            new ResumeReadingReadsTheEndAgain(),
            new PauseReadingIgnoredAfterWriteEof());

    /**
     * Stream callbacks that hand the application a changed transport, and see the callbacks it gets: for
     * a change that depends on the connection's state.
     */
    abstract static class Stateful extends Delegating.StreamCallbacks {
        /** The reference's transport, under whatever the application is given. */
        StreamTransport reference;
        /** Between {@code pauseWriting()} and {@code resumeWriting()}, as the application saw them. */
        boolean writingPaused;

        Stateful(Protocol<? super StreamTransport> application) {
            super(application);
        }

        /** The transport the application is given, made from the reference's: by default that one. */
        StreamTransport transport(StreamTransport reference) {
            return reference;
        }

        @Override
        public void connectionMade(StreamTransport reference) {
            this.reference = reference;
            delegate.connectionMade(transport(reference));
        }

        @Override
        public void pauseWriting() {
            writingPaused = true;
            delegate.pauseWriting();
        }

        @Override
        public void resumeWriting() {
            writingPaused = false;
            delegate.resumeWriting();
        }
    }

    /**
     * A stream transport that remembers what the application asked of it, for a change that depends on
     * it: a broken implementation overrides one method and reads the others' record.
     */
    static class Remembering extends Delegating.Stream {
        boolean eofWritten;
        boolean closeCalled;
        boolean readingPaused;

        Remembering(StreamTransport delegate) {
            super(delegate);
        }

        @Override
        public void writeEof() {
            eofWritten = true;
            delegate.writeEof();
        }

        @Override
        public void close() {
            closeCalled = true;
            delegate.close();
        }

        @Override
        public void pauseReading() {
            readingPaused = true;
            delegate.pauseReading();
        }

        @Override
        public void resumeReading() {
            readingPaused = false;
            delegate.resumeReading();
        }
    }

    /** BT-1: {@code close()} after {@code write_eof()} takes the half-close for done and drops what is still buffered. */
    static final class CloseAfterWriteEofDropsTheBuffer extends BrokenImplementation {
        CloseAfterWriteEofDropsTheBuffer() {
            super("BT-1", "close() after write_eof() aborts: the data still buffered is lost");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Remembering(reference) {
                @Override
                public void close() {
                    if (eofWritten) {
                        delegate.abort();
                    } else {
                        super.close();
                    }
                }
            };
        }
    }

    /**
     * SP-12 (stance S-26): a connection lost while writing is paused tells the protocol it may write
     * again, after {@code connection_lost()}: Netty fires {@code channelWritabilityChanged} when it fails
     * the messages still queued, after {@code channelInactive}.
     */
    static final class ResumesAfterConnectionLost extends BrokenImplementation {
        ResumesAfterConnectionLost() {
            super("SP-12", "a connection lost while writing is paused calls resume_writing() after connection_lost()");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                @Override
                public void connectionLost(Exception exc) {
                    boolean paused = writingPaused;
                    delegate.connectionLost(exc);
                    if (paused) {
                        resumeWriting();
                    }
                }
            };
        }
    }

    /**
     * FC-6: water marks set while writing is paused take effect only once it is resumed, so the resume
     * itself still waits for the old low-water mark.
     */
    static final class LimitsSetWhilePausedWaitForTheResume extends BrokenImplementation {
        LimitsSetWhilePausedWaitForTheResume() {
            super("FC-6", "water marks set while writing is paused apply only after resume_writing()");
            alsoBreaks("the scenario of a low-water mark lowered to zero while paused is FC-8's and WT-11's too",
                    Set.of("FC-8", "WT-11"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                private Long[] pending;

                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Delegating.Stream(reference) {
                        @Override
                        public void setWriteBufferLimits(Long high, Long low) {
                            if (writingPaused) {
                                pending = new Long[] {high, low};
                            } else {
                                delegate.setWriteBufferLimits(high, low);
                            }
                        }
                    };
                }

                @Override
                public void resumeWriting() {
                    super.resumeWriting();
                    if (pending != null) {
                        Long[] limits = pending;
                        pending = null;
                        reference.setWriteBufferLimits(limits[0], limits[1]);
                    }
                }
            };
        }
    }

    /**
     * FC-3: water marks set while writing is paused start the flow control afresh, forgetting the pause:
     * the protocol is never resumed.
     */
    static final class LimitsSetWhilePausedForgetThePause extends BrokenImplementation {
        LimitsSetWhilePausedForgetThePause() {
            super("FC-3", "set_write_buffer_limits() while writing is paused forgets the pause: resume_writing() never comes");
            alsoBreaks("the scenarios that set water marks while paused wait for the resume of FC-2, FC-6, FC-8 and WT-11",
                    Set.of("FC-2", "FC-6", "FC-8", "WT-11"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                private boolean forgotten;

                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Delegating.Stream(reference) {
                        @Override
                        public void setWriteBufferLimits(Long high, Long low) {
                            delegate.setWriteBufferLimits(high, low);
                            forgotten |= writingPaused;
                        }
                    };
                }

                @Override
                public void resumeWriting() {
                    if (forgotten) {
                        forgotten = false;
                        writingPaused = false;
                    } else {
                        super.resumeWriting();
                    }
                }
            };
        }
    }

    /**
     * FC-7 (stance S-27): an empty {@code write()} is queued as an empty chunk, so with a high-water mark
     * of zero the queue is "non-empty" for a moment and the protocol is paused, then resumed.
     */
    static final class EmptyWriteIsQueued extends BrokenImplementation {
        EmptyWriteIsQueued() {
            super("FC-7", "an empty write() is queued: with a high-water mark of 0 it pauses writing, then resumes it");
            alsoBreaks("that scenario is WT-10's too", Set.of("WT-10"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Delegating.Stream(reference) {
                        @Override
                        public void write(byte[] data) {
                            delegate.write(data);
                            if (data.length == 0 && !writingPaused && delegate.getWriteBufferLimits().high() == 0) {
                                pauseWriting();
                                resumeWriting();
                            }
                        }
                    };
                }
            };
        }
    }

    /**
     * SP-10: {@code resume_reading()} starts reading a stream whose end was already read, which reads the
     * end again (asyncio and uvloop do this: RULES.md, "States and operations").
     */
    static final class ResumeReadingReadsTheEndAgain extends BrokenImplementation {
        ResumeReadingReadsTheEndAgain() {
            super("SP-10", "resume_reading() after eof_received() reads the end of the stream again");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                private boolean ended;

                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Delegating.Stream(reference) {
                        @Override
                        public void resumeReading() {
                            delegate.resumeReading();
                            if (ended) {
                                eofReceived();
                            }
                        }
                    };
                }

                @Override
                public boolean eofReceived() {
                    ended = true;
                    return delegate.eofReceived();
                }
            };
        }
    }

    /** RT-1: a transport half-closed by {@code write_eof()} takes {@code pause_reading()} for a no-op. */
    static final class PauseReadingIgnoredAfterWriteEof extends BrokenImplementation {
        PauseReadingIgnoredAfterWriteEof() {
            super("RT-1", "pause_reading() after write_eof() does nothing");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Remembering(reference) {
                @Override
                public void pauseReading() {
                    if (!eofWritten) {
                        super.pauseReading();
                    }
                }
            };
        }
    }

    /** SP-12 (stance S-28): {@code abort()} of a transport already closing calls {@code connection_lost()} a second time. */
    static final class AbortWhileClosingLosesTheConnectionAgain extends BrokenImplementation {
        AbortWhileClosingLosesTheConnectionAgain() {
            super("SP-12", "abort() while closing calls connection_lost(None) at once, and the close calls it again");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Remembering(reference) {
                        @Override
                        public void abort() {
                            if (closeCalled) {
                                connectionLost(null);
                            }
                            delegate.abort();
                        }
                    };
                }
            };
        }
    }

    /** BT-1: a transport that closes itself at the peer's end of the stream drops what it still had to send. */
    static final class EndOfStreamWhileBufferedAborts extends BrokenImplementation {
        EndOfStreamWhileBufferedAborts() {
            super("BT-1", "at the peer's end of the stream, eof_received() returning false aborts: the buffer is lost");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                @Override
                public boolean eofReceived() {
                    boolean keepOpen = delegate.eofReceived();
                    if (!keepOpen && reference.getWriteBufferSize() > 0) {
                        reference.abort();
                    }
                    return keepOpen;
                }
            };
        }
    }

    /**
     * BT-2: {@code close()} while reading is paused first resumes reading, and closes only once it has
     * delivered what was held back: {@code data_received()} after {@code close()}.
     */
    static final class CloseWhileReadingPausedDeliversWhatWasHeldBack extends BrokenImplementation {
        CloseWhileReadingPausedDeliversWhatWasHeldBack() {
            super("BT-2", "close() while reading is paused delivers what was held back first");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                private boolean closeAfterData;

                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Remembering(reference) {
                        @Override
                        public void close() {
                            if (readingPaused) {
                                closeAfterData = true;
                                resumeReading();
                            } else {
                                super.close();
                            }
                        }
                    };
                }

                @Override
                public void dataReceived(byte[] data) {
                    delegate.dataReceived(data);
                    if (closeAfterData) {
                        closeAfterData = false;
                        reference.close();
                    }
                }
            };
        }
    }

    /** FC-5 (stance S-27): an empty {@code write()} is checked against the high-water mark as if it were one byte. */
    static final class EmptyWriteCountsAsOneByte extends BrokenImplementation {
        EmptyWriteCountsAsOneByte() {
            super("FC-5", "an empty write() is checked against the high-water mark as one byte: at the mark, it pauses");
            alsoBreaks("with a high-water mark of zero an empty write() pauses too: FC-7's and WT-10's scenario",
                    Set.of("FC-7", "WT-10"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Stateful(application) {
                @Override
                StreamTransport transport(StreamTransport reference) {
                    return new Delegating.Stream(reference) {
                        @Override
                        public void write(byte[] data) {
                            delegate.write(data);
                            if (data.length == 0 && !writingPaused
                                    && delegate.getWriteBufferSize() + 1 > delegate.getWriteBufferLimits().high()) {
                                pauseWriting();
                            }
                        }
                    };
                }
            };
        }
    }
}
