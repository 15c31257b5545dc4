package io.asynciotck.tck.peer;

import java.util.List;

/**
 * The TCK's end of a byte stream whose other end the implementation under test has: a TCP connection
 * ({@link PeerSocket}) or a pipe ({@link PeerPipe}). Every wait is bounded by a
 * {@link io.asynciotck.tck.events.Patience} of the log's timeouts: sends and reads of many bytes on
 * progress (as long as bytes keep moving, at most the arrival timeout without any), one read by the
 * arrival timeout, "nothing arrives" by the fixed quiet period. Every failure is an {@link AssertionError}
 * that names the scenario's rules and shows the recorded callbacks, and a wait that runs out a
 * {@link io.asynciotck.tck.events.WaitTimeout}. An operation the stream cannot do (sending into a pipe
 * the implementation writes) fails the same way, saying so.
 */
public interface StreamPeer extends AutoCloseable {

    /** Sends all of {@code data}, waiting on progress for the OS to take it. */
    void send(byte[] data);

    /**
     * Sends each of {@code pieces} in turn, each as a send of its own (the implementation may read them
     * in any chunks), waiting on progress; as {@code send} for each, without its cost for each.
     */
    default void sendEach(List<byte[]> pieces) {
        pieces.forEach(this::send);
    }

    /** Ends the peer's sending side: the implementation sees the end of the stream. */
    void shutdownOutput();

    /** Reads exactly {@code n} bytes, waiting on progress. */
    byte[] readExactly(int n);

    /** Reads everything until the end of the stream, waiting on progress. */
    byte[] readUntilEof();

    /** Reads until the end of the stream or a connection error (a reset, after an abort). */
    byte[] readUntilEofOrReset();

    /** Waits at most the arrival timeout for data: 1 to {@code n} bytes, or empty at the end of the stream. */
    byte[] readAtMost(int n);

    /** Fails if data or the end of the stream arrives within the quiet period. */
    void assertNoDataOrEofWithinQuietPeriod();

    /** Ends the stream at once, as a connection reset does. */
    void reset();

    /** How many bytes the peer has read so far. */
    long totalRead();

    /** How many bytes the peer has sent so far. */
    long totalWritten();

    /** Closes the peer's end. Idempotent. */
    @Override
    void close();
}
