package io.asynciotck.tck.steps;

import io.cucumber.java.ParameterType;

/** The scenario language's own parameter types. */
public class ParameterTypes {

    /** {@code 100}, {@code -1}, {@code B}, {@code B+100}, {@code B/2}: see {@link Limit}. */
    @ParameterType("-?\\d+|B\\+\\d+|B/2|B")
    public Limit limit(String text) {
        return Limit.parse(text);
    }
}
