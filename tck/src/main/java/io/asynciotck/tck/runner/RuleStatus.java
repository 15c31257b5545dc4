package io.asynciotck.tck.runner;

/** A rule's result in a run, aggregated over its scenarios and over every iteration. */
public enum RuleStatus {
    /** Every scenario that ran passed (some may have been aborted). */
    PASSED("passed"),
    /** A scenario failed in at least one iteration. */
    FAILED("FAILED"),
    /** Every scenario that ran was aborted, for instance for a missing capability. */
    ABORTED("aborted"),
    /** The rule has scenarios, but none was selected, or none was run because the implementation stopped answering. */
    NOT_RUN("not run"),
    /** No scenario proves the rule (informative rules; pending work). */
    NO_SCENARIO("no scenario"),
    /** Failed, and listed in the known failures: does not fail the run. */
    KNOWN_FAILURE("known failure"),
    /** Declared flaky in the known failures, and failed in some runs as declared: does not fail the run. */
    FLAKY("flaky"),
    /** Listed in the known failures, yet passed: the entry should be removed. */
    STALE_KNOWN_FAILURE("stale known failure");

    private final String label;

    RuleStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
