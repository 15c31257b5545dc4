package io.asynciotck.tck.runner;

/**
 * What was run, for the reports' headers.
 *
 * @param implementation the implementation's name, or null when unknown (the Maven build's suite)
 * @param tagExpression  the Cucumber tag expression selecting the scenarios, or null for all
 * @param iterations     how many times the selection runs ({@code --repeat})
 */
public record RunDescription(String implementation, String tagExpression, int iterations) {

    public RunDescription {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
    }

    /** A single run of everything against an unnamed implementation. */
    public static RunDescription unnamed() {
        return new RunDescription(null, null, 1);
    }
}
