package io.asynciotck.tck.runner;

import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Exception;
import io.cucumber.messages.types.TestStepFinished;
import io.cucumber.messages.types.TestStepResult;
import io.cucumber.messages.types.TestStepResultStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages of one iteration as the reports for people and dashboards show them
 * ({@code cucumber.html}, {@code cucumber.json}, {@code junit.xml}), agreeing with the verdict: a failure
 * that a known-failure entry excuses is shown as skipped with the entry, its reason and the failure it
 * excuses, not as a failure; a scenario that did not apply (a capability the implementation lacks) is
 * shown as skipped with the reason alone, not with a stack trace; a scenario not run says why. Everything
 * else is as recorded. The record itself ({@link MessageFile}) is never changed.
 */
final class ReportView {

    /** The exception type the views name for an excused failure. */
    static final String KNOWN_FAILURE_TYPE = "io.asynciotck.tck.KnownFailure";
    /** The exception type the views name for a scenario that did not apply. */
    static final String NOT_APPLICABLE_TYPE = "io.asynciotck.tck.NotApplicable";
    /** The exception type the views name for a scenario that was not run. */
    static final String NOT_RUN_TYPE = "io.asynciotck.tck.NotRun";

    private final RunResults results;
    private final Map<String, ScenarioResult> scenarios;

    /** @param scenarios the iteration's results by the id of their {@code TestCaseStarted} */
    ReportView(RunResults results, Map<String, ScenarioResult> scenarios) {
        this.results = results;
        this.scenarios = scenarios;
    }

    List<Envelope> show(List<Envelope> envelopes) {
        return envelopes.stream().map(this::show).toList();
    }

    private Envelope show(Envelope envelope) {
        Optional<TestStepFinished> finished = envelope.getTestStepFinished();
        if (finished.isEmpty()) {
            return envelope;
        }
        TestStepFinished step = finished.get();
        ScenarioResult scenario = scenarios.get(step.getTestCaseStartedId());
        TestStepResult result = step.getTestStepResult();
        if (scenario == null) {
            return envelope;
        }
        return switch (results.statusOf(scenario)) {
            case KNOWN_FAILURE, FLAKY_FAILURE -> result.getStatus() == TestStepResultStatus.FAILED
                    ? replace(step, KNOWN_FAILURE_TYPE, excused(scenario)) : envelope;
            case NOT_APPLICABLE -> result.getStatus() == TestStepResultStatus.SKIPPED && result.getException().isPresent()
                    ? replace(step, NOT_APPLICABLE_TYPE, "Not applicable: " + scenario.headline()) : envelope;
            case NOT_RUN -> result.getStatus() == TestStepResultStatus.SKIPPED && result.getException().isPresent()
                    ? replace(step, NOT_RUN_TYPE, "Not run: " + scenario.headline()) : envelope;
            default -> envelope;
        };
    }

    private String excused(ScenarioResult scenario) {
        KnownFailures.Entry entry = results.excusedBy(scenario).orElseThrow();
        return (entry.flaky() ? "Flaky failure, as declared by " : "Known failure, excused by ") + entry + " in "
                + results.knownFailures().source() + ": " + entry.reason()
                + "\n\nThe scenario failed as documented:\n" + scenario.message();
    }

    private static Envelope replace(TestStepFinished step, String type, String message) {
        TestStepResult result = step.getTestStepResult();
        return Envelope.of(new TestStepFinished(step.getTestCaseStartedId(), step.getTestStepId(),
                new TestStepResult(result.getDuration(), message, TestStepResultStatus.SKIPPED,
                        new Exception(type, message, null)),
                step.getTimestamp()));
    }
}
