package io.asynciotck.tck.steps;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.inprocess.InProcessDriver;
import io.asynciotck.tck.runner.TimeoutSettings;

/**
 * The run configuration when no runner installed one (the Maven build's suite): the in-process driver
 * for the implementation named by the {@code tck.impl} system property (or the only one on the class
 * path), with the timeouts of {@code tck.timeout} / {@code tck.quiet} (or TCK_TIMEOUT / TCK_QUIET).
 */
final class DefaultRun {

    private DefaultRun() {
    }

    static RunContext fromEnvironment() {
        Timeouts timeouts = TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, System::getProperty, System::getenv);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new RunContext(InProcessDriver.load(System.getProperty("tck.impl"), loader, timeouts), timeouts);
    }
}
