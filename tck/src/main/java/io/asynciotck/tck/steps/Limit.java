package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Values;

/**
 * A water mark or buffer size as a scenario writes it: a number, or relative to the buffer size B
 * read at the start of the step ({@code B}, {@code B+100}, {@code B/2}).
 */
record Limit(String text, long constant, boolean relative, long delta, boolean half) {

    static Limit parse(String text) {
        if (text.equals("B")) {
            return new Limit(text, 0, true, 0, false);
        }
        if (text.equals("B/2")) {
            return new Limit(text, 0, true, 0, true);
        }
        if (text.startsWith("B+")) {
            return new Limit(text, 0, true, Long.parseLong(text.substring(2)), false);
        }
        return new Limit(text, Long.parseLong(text), false, 0, false);
    }

    /** The value for buffer size {@code b}. */
    long value(long b) {
        if (!relative) {
            return constant;
        }
        return half ? b / 2 : b + delta;
    }

    /**
     * The argument to pass in a batch that starts by reading the buffer size {@code b}: relative values
     * stay relative, so they hold even if the buffer changed between the read and the call.
     */
    Object argument(long b) {
        return relative ? new Values.BufferSizePlus(value(b) - b) : (Object) constant;
    }

    @Override
    public String toString() {
        return text;
    }
}
