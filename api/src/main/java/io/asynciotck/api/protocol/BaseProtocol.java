package io.asynciotck.api.protocol;

import io.asynciotck.api.transport.BaseTransport;

/**
 * The callbacks every protocol receives. Every method has an empty default, as the spec says: "you
 * only need to implement the callbacks for the events in which you are interested."
 *
 * <p>Spec: "connection_made() and connection_lost() are called exactly once per successful
 * connection. All other callbacks will be called between those two methods." Callbacks run on the
 * event loop's thread, one at a time. What a callback that throws does to its connection is not
 * specified: asyncio reports the exception to the loop's exception handler, and closes the connection
 * for some callbacks of some transports only (its sockets' {@code data_received} and
 * {@code eof_received}).
 *
 * @param <T> the kind of transport this protocol is paired with
 */
public interface BaseProtocol<T extends BaseTransport> {

    /**
     * Spec: "Called when a connection is made. The transport argument is the transport representing
     * the connection. You are responsible for storing it somewhere (e.g. as an attribute) if you need
     * to."
     */
    default void connectionMade(T transport) {
    }

    /**
     * Spec: "Called when the connection is lost or closed. The argument is either an exception object
     * or None. The latter means a regular EOF is received, or the connection was aborted or closed by
     * this side of the connection."
     *
     * @param exc the cause, or null for a regular EOF, close or abort
     */
    default void connectionLost(Exception exc) {
    }

    /** Spec: "Called when the transport's buffer goes over the high-water mark" (strictly over). */
    default void pauseWriting() {
    }

    /** Spec: resume_writing() "is called when the buffer size is equal or lower than the low-water mark." */
    default void resumeWriting() {
    }
}
