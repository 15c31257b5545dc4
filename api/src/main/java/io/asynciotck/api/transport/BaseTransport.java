package io.asynciotck.api.transport;

/**
 * Base of every transport: an abstraction of a communication channel that is always paired with a
 * protocol instance once the channel is established.
 *
 * <p>Like asyncio's, transports are not thread-safe: call their methods from the thread that runs
 * their event loop (from a protocol callback, or through {@code EventLoop.callSoon}).
 */
public interface BaseTransport {

    /**
     * Closes the transport.
     *
     * <p>Spec: "If the transport has a buffer for outgoing data, buffered data will be flushed
     * asynchronously. No more data will be received. After all buffered data is flushed, the
     * protocol's connection_lost() method will be called with None as its argument."
     * Here {@code connectionLost(null)}, called once however often {@code close()} is, and never before
     * the protocol's callback that called {@code close()} has returned (RULES.md, stance S-21).
     */
    void close();

    /**
     * Returns optional transport information.
     *
     * <p>Spec: "name is a string representing the piece of transport-specific information to get,
     * default is the value to return if the information doesn't exist." See {@link ExtraInfo} for the
     * names and the Java type of each value.
     *
     * @param name         the piece of information, for example {@link ExtraInfo#PEERNAME}
     * @param defaultValue returned when this transport has no such information
     */
    Object getExtraInfo(String name, Object defaultValue);

    /** {@code get_extra_info(name)}: the information, or {@code null} (the spec's default). */
    default Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }
}
