package io.asynciotck.tck.runner;

import java.util.Collection;

/** Scenario executions by outcome; skipped counts the aborted ones. */
public record ScenarioCounts(long passed, long failed, long skipped) {

    public static ScenarioCounts of(Collection<ScenarioResult> results) {
        return new ScenarioCounts(
                results.stream().filter(r -> r.outcome() == ScenarioOutcome.PASSED).count(),
                results.stream().filter(r -> r.outcome() == ScenarioOutcome.FAILED).count(),
                results.stream().filter(r -> r.outcome() == ScenarioOutcome.ABORTED).count());
    }

    public long total() {
        return passed + failed + skipped;
    }

    /** {@code 12 passed, 1 failed, 3 skipped}: the form of the runner's last line. */
    @Override
    public String toString() {
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }
}
