package io.asynciotck.tck.runner;

/** How one execution of a scenario ended, as the TCK counts it. */
public enum ScenarioOutcome {
    PASSED,
    /** An assertion failed, a wait timed out, a step was undefined, pending or ambiguous, or threw. See {@link FailureKind}. */
    FAILED,
    /**
     * The scenario did not apply: a step threw {@code org.opentest4j.TestAbortedException}, for instance
     * because the implementation lacks a capability. Cucumber reports it as skipped.
     */
    ABORTED,
    /**
     * The scenario was not run because the run itself stopped trying: the implementation had been
     * unresponsive for too many scenarios in a row. Unlike {@link #ABORTED}, this fails the run.
     */
    NOT_RUN
}
