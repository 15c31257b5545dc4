package io.asynciotck.tck.steps;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.inprocess.InProcessDriver;

import java.time.Duration;

/**
 * The run configuration when no runner installed one: the in-process driver for the implementation
 * named by the {@code tck.impl} system property (or the only one on the class path), with timeouts
 * from {@code tck.timeout} / {@code tck.quiet} (or TCK_TIMEOUT / TCK_QUIET), in milliseconds or as
 * {@code 5s} / {@code 200ms}.
 */
final class DefaultRun {

    private DefaultRun() {
    }

    static RunContext fromEnvironment() {
        Timeouts timeouts = new Timeouts(
                duration("tck.timeout", "TCK_TIMEOUT", Timeouts.DEFAULT_ARRIVAL),
                duration("tck.quiet", "TCK_QUIET", Timeouts.DEFAULT_QUIET));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new RunContext(InProcessDriver.load(System.getProperty("tck.impl"), loader, timeouts), timeouts);
    }

    private static Duration duration(String property, String variable, Duration fallback) {
        String text = System.getProperty(property, System.getenv(variable));
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " / " + variable + ": not a duration: '" + text
                    + "' (use 500ms, 5s or a number of milliseconds)", e);
        }
    }
}
