package io.asynciotck.api.transport;

import java.nio.ByteBuffer;

/**
 * Spec: "Interface for write-only transports."
 *
 * <p>Byte arrays passed to {@link #write(byte[])} and {@link #writelines} are handed over: an
 * implementation may keep them in its buffer without copying, so the caller must not change them
 * afterwards. A {@link ByteBuffer} passed to {@link #write(ByteBuffer)} is not: its bytes are taken
 * before the call returns.
 */
public interface WriteTransport extends BaseTransport, WriteFlowControl {

    /**
     * Spec: "Close the transport immediately, without waiting for pending operations to complete.
     * Buffered data will be lost. No more data will be received. The protocol's connection_lost()
     * method will eventually be called with None as its argument": never before the protocol's callback
     * that called {@code abort()} has returned (RULES.md, stance S-21).
     */
    void abort();

    /** Spec: "Return True if the transport supports write_eof(), False if not." */
    boolean canWriteEof();

    /**
     * Spec: "Write some data bytes to the transport. This method does not block; it buffers the data
     * and arranges for it to be sent out asynchronously."
     *
     * <p>The array is handed over: the implementation may keep it until it is sent, so the caller must
     * not change it after the call. (The reference implementation copies what it cannot send at once.)
     *
     * @throws IllegalStateException if {@link #writeEof()} was called before: the write end is closed,
     *                               and the data is refused rather than dropped (RULES.md, stance S-17)
     */
    void write(byte[] data);

    /**
     * {@link #write(byte[])} of the bytes remaining in {@code data}, which the transport takes (sends or
     * copies into its buffer) before returning: {@code data}'s position is then at its limit, and the
     * caller may reuse the buffer at once. An optional fast path: the default copies the bytes into a new
     * array and calls {@link #write(byte[])} (which may throw as that method says, the bytes being taken
     * all the same); an implementation may write a direct buffer to its socket without that copy.
     */
    default void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy);
    }

    /**
     * Spec: "Write a list (or any iterable) of data bytes to the transport. This is functionally
     * equivalent to calling write() on each element yielded by the iterable, but may be implemented
     * more efficiently."
     *
     * @throws IllegalStateException if {@link #writeEof()} was called before, as {@link #write}
     */
    void writelines(Iterable<byte[]> data);

    /**
     * Spec: "Close the write end of the transport after flushing buffered data. Data may still be
     * received." Later calls of {@link #write} and {@link #writelines} throw.
     *
     * @throws UnsupportedOperationException if the transport (for example TLS) does not support
     *                                       half-closes: the spec's NotImplementedError
     */
    void writeEof();
}
