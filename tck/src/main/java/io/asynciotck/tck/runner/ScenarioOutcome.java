package io.asynciotck.tck.runner;

/** How one execution of a scenario ended, as the TCK counts it. */
public enum ScenarioOutcome {
    PASSED,
    /** An assertion failed, or a step was undefined, pending, ambiguous or threw. */
    FAILED,
    /**
     * The scenario did not apply: a step threw {@code org.opentest4j.TestAbortedException}, for instance
     * because the implementation lacks a capability. Cucumber reports it as skipped.
     */
    ABORTED
}
