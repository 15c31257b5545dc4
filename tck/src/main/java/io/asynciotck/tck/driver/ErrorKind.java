package io.asynciotck.tck.driver;

/**
 * The language-neutral classes of error the spec names. A driver maps its native exceptions to them;
 * scenarios assert on these, never on messages.
 */
public enum ErrorKind {
    /** A bad value: Python {@code ValueError}, Java {@code IllegalArgumentException}. */
    INVALID_VALUE,
    /** A bad type or a missing value: Python {@code TypeError}, Java {@code NullPointerException}, {@code ClassCastException}. */
    INVALID_TYPE,
    /** A call not allowed in the current state: Python {@code RuntimeError}, Java {@code IllegalStateException}. */
    INVALID_STATE,
    /** An operation the transport does not support: Python {@code NotImplementedError}, Java {@code UnsupportedOperationException}. */
    UNSUPPORTED,
    /** An I/O error: Python {@code OSError} and subclasses, Java {@code IOException}. */
    OS_ERROR,
    /** Anything else. */
    OTHER
}
