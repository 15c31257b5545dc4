package io.asynciotck.tck.outofprocess;

/**
 * A line from the child that is not valid protocol: not JSON, an unknown message type, a reply to an
 * unknown id, a malformed value. It breaks the session; the message says what is wrong with the line.
 */
final class ProtocolViolation extends RuntimeException {

    ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
