package io.asynciotck.tck.runner;

import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.events.WaitTimeout;

import java.util.Locale;

/**
 * What kind of failure a failed scenario had. Only an {@link #ASSERTION} shows that the implementation
 * did something its rule forbids; a known-failure entry excuses the other kinds only when it says so,
 * since a timeout or an error may have nothing to do with the documented divergence.
 */
public enum FailureKind {
    /** The implementation did something the rule forbids: an assertion on what it did failed. */
    ASSERTION,
    /**
     * Something awaited of the implementation did not happen in time: a callback never came, a transfer
     * stopped moving, a call was not answered.
     */
    TIMEOUT,
    /**
     * The scenario could not be judged: the driver crashed or broke the protocol, a step is undefined, the
     * scenario has no steps, the TCK's JVM ended, or the glue failed.
     */
    ERROR;

    /** The word of a known-failures file for this kind: {@code assertion}, {@code timeout}, {@code error}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In a sentence: "an assertion failure", "a timeout", "an error". */
    public String describe() {
        return switch (this) {
            case ASSERTION -> "an assertion failure";
            case TIMEOUT -> "a timeout";
            case ERROR -> "an error";
        };
    }

    /** The kind of a scenario that threw {@code error}. */
    public static FailureKind of(Throwable error) {
        return of(error.getClass());
    }

    /**
     * The kind of a scenario that threw an exception of the named class (as Cucumber's messages record it):
     * a class this JVM cannot load is the implementation's or the glue's own, hence an error.
     */
    public static FailureKind ofType(String className) {
        try {
            return of(Class.forName(className, false, FailureKind.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return ERROR;
        }
    }

    private static FailureKind of(Class<?> type) {
        if (WaitTimeout.class.isAssignableFrom(type) || DriverTimeoutException.class.isAssignableFrom(type)) {
            return TIMEOUT;
        }
        if (DriverException.class.isAssignableFrom(type)) {
            return ERROR;
        }
        return AssertionError.class.isAssignableFrom(type) ? ASSERTION : ERROR;
    }
}
