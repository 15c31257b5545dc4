package io.asynciotck.tck;

import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.harness.UnresponsiveGuard;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one TCK run is configured with: the driver of the implementation under test, the timeouts, and the
 * guard that stops the run from waiting on an implementation that no longer answers.
 * The command-line runner sets it before it launches Cucumber; when nothing set it (the Maven build's
 * suite), the first scenario creates it from system properties and environment variables through
 * {@link #defaultFactory}.
 *
 * <p>Cucumber instantiates step definitions itself, so this static holder is how they reach the run's
 * configuration.
 */
public final class RunContext {

    private static volatile RunContext current;
    private static final ThreadLocal<RunContext> ON_THIS_THREAD = new ThreadLocal<>();
    private static volatile Supplier<RunContext> defaultFactory;

    private final Driver driver;
    private final Timeouts timeouts;
    private final UnresponsiveGuard unresponsiveGuard;

    /** With a guard of the default limit ({@link UnresponsiveGuard#DEFAULT_LIMIT}). */
    public RunContext(Driver driver, Timeouts timeouts) {
        this(driver, timeouts, new UnresponsiveGuard(UnresponsiveGuard.DEFAULT_LIMIT));
    }

    public RunContext(Driver driver, Timeouts timeouts, UnresponsiveGuard unresponsiveGuard) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.unresponsiveGuard = Objects.requireNonNull(unresponsiveGuard, "unresponsiveGuard");
    }

    public UnresponsiveGuard unresponsiveGuard() {
        return unresponsiveGuard;
    }

    public Driver driver() {
        return driver;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** Installs the run's configuration; returns the previous one, if any (not closed). */
    public static synchronized RunContext install(RunContext context) {
        RunContext previous = current;
        current = context;
        return previous;
    }

    /**
     * Runs {@code run} with {@code context} as the configuration of the scenarios that run on this thread
     * (Cucumber runs them on the thread that launched it when parallel execution is off, as the runner
     * sets it). Runs on other threads, each with its own context, can then go on at the same time.
     */
    public static <T> T runWith(RunContext context, Supplier<T> run) {
        Objects.requireNonNull(context, "context");
        RunContext previous = ON_THIS_THREAD.get();
        ON_THIS_THREAD.set(context);
        try {
            return run.get();
        } finally {
            if (previous == null) {
                ON_THIS_THREAD.remove();
            } else {
                ON_THIS_THREAD.set(previous);
            }
        }
    }

    /** Where a run configures itself when nothing was installed. */
    public static void setDefaultFactory(Supplier<RunContext> factory) {
        defaultFactory = factory;
    }

    /**
     * The configuration of this thread's run ({@link #runWith}), else the installed one, creating the
     * default one on first use.
     */
    public static RunContext current() {
        RunContext onThisThread = ON_THIS_THREAD.get();
        return onThisThread != null ? onThisThread : installed();
    }

    private static synchronized RunContext installed() {
        if (current == null) {
            Supplier<RunContext> factory = defaultFactory;
            if (factory == null) {
                throw new IllegalStateException("No TCK run is configured: use the tck.jar runner or install a RunContext");
            }
            current = factory.get();
        }
        return current;
    }
}
