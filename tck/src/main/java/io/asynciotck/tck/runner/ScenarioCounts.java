package io.asynciotck.tck.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Scenario executions by {@link ScenarioStatus}. {@code failed} counts only the failures that no known
 * failure excuses; {@code skipped} the scenarios that did not apply (aborted).
 */
public record ScenarioCounts(long passed, long failed, long skipped, long knownFailures, long flakyFailures, long notRun) {

    /** Passed, failed (not excused) and skipped only. */
    public ScenarioCounts(long passed, long failed, long skipped) {
        this(passed, failed, skipped, 0, 0, 0);
    }

    public static ScenarioCounts of(Collection<ScenarioResult> results, Function<ScenarioResult, ScenarioStatus> status) {
        long[] counts = new long[ScenarioStatus.values().length];
        results.forEach(result -> counts[status.apply(result).ordinal()]++);
        return new ScenarioCounts(counts[ScenarioStatus.PASSED.ordinal()], counts[ScenarioStatus.FAILED.ordinal()],
                counts[ScenarioStatus.NOT_APPLICABLE.ordinal()], counts[ScenarioStatus.KNOWN_FAILURE.ordinal()],
                counts[ScenarioStatus.FLAKY_FAILURE.ordinal()], counts[ScenarioStatus.NOT_RUN.ordinal()]);
    }

    public long total() {
        return passed + failed + skipped + knownFailures + flakyFailures + notRun;
    }

    /** The executions that ran to a judgement: passed or failed, excused or not. */
    public long executed() {
        return passed + failed + knownFailures + flakyFailures;
    }

    /**
     * {@code 12 passed, 1 failed, 3 skipped}, then the excused and the not run ones when there are any
     * ({@code , 9 known failures, 2 flaky failures, 40 not run}): the form of the runner's last line.
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(List.of(passed + " passed", failed + " failed", skipped + " skipped"));
        if (knownFailures > 0) {
            parts.add(knownFailures + (knownFailures == 1 ? " known failure" : " known failures"));
        }
        if (flakyFailures > 0) {
            parts.add(flakyFailures + (flakyFailures == 1 ? " flaky failure" : " flaky failures"));
        }
        if (notRun > 0) {
            parts.add(notRun + " not run");
        }
        return String.join(", ", parts);
    }
}
