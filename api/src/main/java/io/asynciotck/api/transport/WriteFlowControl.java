package io.asynciotck.api.transport;

/**
 * Write flow control, shared by every transport that buffers outgoing data (stream, datagram and
 * write-pipe transports): the buffer size and the water marks that decide when the protocol's
 * {@code pauseWriting()} and {@code resumeWriting()} are called.
 *
 * <p>Spec: {@code pause_writing()} "is called once when the buffer goes strictly over the high-water
 * mark (even if subsequent writes increases the buffer size even more), and eventually
 * resume_writing() is called once when the buffer size reaches the low-water mark." Equal to high
 * does not pause; equal to or below low resumes.
 */
public interface WriteFlowControl {

    /** Spec: "Return the current size of the output buffer used by the transport." In bytes. */
    long getWriteBufferSize();

    /**
     * Spec: "Get the high- and low-water limits for write flow control." Both are non-negative (the
     * spec says "positive", but zero is a valid limit: see {@link #setWriteBufferLimits(Long, Long)}).
     */
    WriteBufferLimits getWriteBufferLimits();

    /**
     * Sets the high- and low-water limits for write flow control; {@code null} means "not given".
     *
     * <p>Spec: "If specified, the low-water limit must be less than or equal to the high-water limit.
     * Neither high nor low can be negative. The defaults are implementation-specific. If only the
     * high-water limit is given, the low-water limit defaults to a implementation-specific value less
     * than or equal to the high-water limit. Setting high to zero forces low to zero as well, and causes
     * pause_writing() to be called whenever the buffer becomes non-empty. Setting low to zero causes
     * resume_writing() to be called only once the buffer is empty."
     *
     * <p>When the buffer is already over the new high-water mark, the protocol is paused at once, without
     * waiting for another write (RULES.md, stance S-18; asyncio pauses it inside this call).
     *
     * @param high the high-water mark, or null for the implementation's choice
     * @param low  the low-water mark, or null for the implementation's choice
     * @throws IllegalArgumentException when either is negative or low exceeds high
     */
    void setWriteBufferLimits(Long high, Long low);

    /** {@code set_write_buffer_limits(high)}: low takes an implementation-specific value {@code <= high}. */
    default void setWriteBufferLimits(long high) {
        setWriteBufferLimits(high, null);
    }

    /** {@code set_write_buffer_limits()}: neither limit given. */
    default void setWriteBufferLimits() {
        setWriteBufferLimits(null, null);
    }
}
