package io.asynciotck.tck.runner;

/**
 * How one execution of a scenario counts in the verdict: its {@link ScenarioOutcome} judged against the
 * known failures. The console, the reports and the exit code all use this one judgement.
 */
public enum ScenarioStatus {
    PASSED("passed"),
    /** Failed, and no known-failure entry excuses it. */
    FAILED("failed"),
    /** Failed as a known-failure entry expects: does not fail the run. */
    KNOWN_FAILURE("known failure"),
    /** Failed as a {@code [flaky]} entry expects: does not fail the run, and is counted. */
    FLAKY_FAILURE("flaky failure"),
    /** Aborted: the scenario does not apply to the implementation (a capability it lacks). */
    NOT_APPLICABLE("not applicable"),
    /** Not run, because the implementation had stopped answering: fails the run. */
    NOT_RUN("not run");

    private final String label;

    ScenarioStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** How {@code scenario} counts, its failure judged against {@code knownFailures}. */
    public static ScenarioStatus of(ScenarioResult scenario, KnownFailures knownFailures) {
        return switch (scenario.outcome()) {
            case PASSED -> PASSED;
            case ABORTED -> NOT_APPLICABLE;
            case NOT_RUN -> NOT_RUN;
            case FAILED -> knownFailures.excusing(scenario).map(e -> e.flaky() ? FLAKY_FAILURE : KNOWN_FAILURE).orElse(FAILED);
        };
    }

    /** Whether the scenario was executed to a judgement (passed or failed, excused or not). */
    public boolean executed() {
        return this != NOT_APPLICABLE && this != NOT_RUN;
    }
}
