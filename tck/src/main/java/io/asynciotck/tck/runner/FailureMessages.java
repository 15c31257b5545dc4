package io.asynciotck.tck.runner;

import io.asynciotck.tck.driver.DriverException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Renders a scenario's error for the reports. Expected failures, assertion errors (which name the rule
 * and show the recorded callbacks) and driver errors, are shown by their message alone; anything else
 * is a bug in the glue or the implementation, shown with a few stack frames to locate it.
 */
final class FailureMessages {

    private static final int FRAMES = 6;
    private static final int MAX_CAUSES = 4;

    private FailureMessages() {
    }

    static String describe(Throwable error) {
        if ((error instanceof AssertionError || error instanceof DriverException) && error.getMessage() != null) {
            return error.getMessage();
        }
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (t != error) {
                text.append("\nCaused by: ");
            }
            text.append(t).append(Arrays.stream(t.getStackTrace()).limit(FRAMES)
                    .map(frame -> "\n    at " + frame).collect(Collectors.joining()));
        }
        return text.toString();
    }
}
