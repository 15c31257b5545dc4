package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Values;
import io.cucumber.java.ParameterType;

/** The scenario language's own parameter types. */
public class ParameterTypes {

    /** {@code 100}, {@code -1}, {@code B}, {@code B+100}, {@code B/2}: see {@link Limit}. */
    @ParameterType("-?\\d+|B\\+\\d+|B/2|B")
    public Limit limit(String text) {
        return Limit.parse(text);
    }

    /** What a child's standard stream is connected to: {@code piped}, {@code inherited}, {@code devnull}, {@code stdout}. */
    @ParameterType("piped|inherited|devnull|stdout")
    public Values.SubprocessSpec.Stdio stdio(String text) {
        return switch (text) {
            case "piped" -> Values.SubprocessSpec.Stdio.PIPE;
            case "inherited" -> Values.SubprocessSpec.Stdio.INHERIT;
            case "devnull" -> Values.SubprocessSpec.Stdio.DEVNULL;
            default -> Values.SubprocessSpec.Stdio.STDOUT;
        };
    }
}
