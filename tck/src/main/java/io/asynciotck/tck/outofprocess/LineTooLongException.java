package io.asynciotck.tck.outofprocess;

import java.io.IOException;

/**
 * A line went past the {@link BoundedLineReader}'s limit: it was read no further.
 */
final class LineTooLongException extends IOException {

    private final int limit;
    private final String start;

    /**
     * @param limit the most bytes a line may have
     * @param start the line's first characters, at most {@link Lines#SHOWN}
     */
    LineTooLongException(int limit, String start) {
        super("a line longer than " + Lines.size(limit) + ", starting " + Lines.shown(start));
        this.limit = limit;
        this.start = start;
    }

    int limit() {
        return limit;
    }

    /** The line's first characters (at most {@link Lines#SHOWN}). */
    String start() {
        return start;
    }
}
