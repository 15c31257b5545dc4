package io.asynciotck.tck.peer;

/**
 * The TCK's end of a byte stream whose other end the implementation under test has: a TCP connection
 * ({@link PeerSocket}) or a pipe ({@link PeerPipe}). Every wait is bounded by the log's timeouts, and
 * every failure is an {@link AssertionError} that names the scenario's rules and shows the recorded
 * callbacks. An operation the stream cannot do (sending into a pipe the implementation writes) fails
 * the same way, saying so.
 */
public interface StreamPeer extends AutoCloseable {

    /** Sends all of {@code data}, waiting at most the arrival timeout for the OS to take it. */
    void send(byte[] data);

    /** Ends the peer's sending side: the implementation sees the end of the stream. */
    void shutdownOutput();

    /** Reads exactly {@code n} bytes, waiting at most the arrival timeout in all. */
    byte[] readExactly(int n);

    /** Reads everything until the end of the stream, waiting at most the arrival timeout in all. */
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
