package io.asynciotck.tck.runner;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestStepFinished;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cucumber plugin that records every scenario's result and writes the conformance report,
 * {@code io.asynciotck.tck.runner.ConformancePlugin:path/to/conformance.md}.
 *
 * <p>When the runner registered a {@link ResultCollector} for that file ({@link CollectorRegistry}), the
 * plugin feeds it, and the runner evaluates the same results for the console and the exit code. Used
 * on its own (the Maven build's suite), the plugin makes its own collector with the bundled
 * {@link RuleCatalog} and prints the per-rule summary when the run finishes.
 *
 * <p>A scenario that threw {@code org.opentest4j.TestAbortedException} is reported by Cucumber as
 * skipped: it is recorded as {@link ScenarioOutcome#ABORTED}, with the exception's message as reason.
 */
public final class ConformancePlugin implements ConcurrentEventListener {

    private final ResultCollector collector;
    private final boolean standalone;
    private final Map<UUID, String> unfinishedSteps = new ConcurrentHashMap<>();

    public ConformancePlugin(File report) {
        Path file = report.toPath();
        ResultCollector registered = CollectorRegistry.lookup(file).orElse(null);
        this.standalone = registered == null;
        this.collector = standalone
                ? new ResultCollector(RuleCatalog.load(contextClassLoader(), RuleCatalog.BUNDLED_RESOURCE),
                        KnownFailures.none(), null, RunDescription.unnamed(), file)
                : registered;
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestStepFinished.class, this::testStepFinished);
        publisher.registerHandlerFor(TestCaseFinished.class, this::testCaseFinished);
        publisher.registerHandlerFor(TestRunFinished.class, this::testRunFinished);
    }

    /** Remembers the first step of a scenario that is undefined or pending: those carry no error to show. */
    private void testStepFinished(TestStepFinished event) {
        Status status = event.getResult().getStatus();
        if ((status == Status.UNDEFINED || status == Status.PENDING)
                && event.getTestStep() instanceof PickleStepTestStep step) {
            unfinishedSteps.putIfAbsent(event.getTestCase().getId(),
                    status.name().toLowerCase(Locale.ROOT) + " step: " + step.getStep().getKeyword() + step.getStep().getText());
        }
    }

    private void testCaseFinished(TestCaseFinished event) {
        String unfinishedStep = unfinishedSteps.remove(event.getTestCase().getId());
        collector.add(toResult(collector.iteration(), event.getTestCase(), event.getResult(), unfinishedStep));
    }

    private void testRunFinished(TestRunFinished event) {
        Result result = event.getResult();
        if (result != null && result.getError() != null) {
            collector.addRunError(FailureMessages.describe(result.getError()));
        }
        collector.writeReport();
        if (standalone) {
            ConsoleSummary.print(collector.results(), System.out, List.of(collector.reportFile()));
        }
    }

    private static ScenarioResult toResult(int iteration, TestCase testCase, Result result, String unfinishedStep) {
        ScenarioOutcome outcome = outcome(result.getStatus());
        Throwable error = result.getError();
        String message = switch (outcome) {
            case PASSED -> "";
            case ABORTED -> error == null || error.getMessage() == null ? "skipped" : error.getMessage();
            case FAILED -> unfinishedStep != null ? unfinishedStep
                    : error != null ? FailureMessages.describe(error)
                    : "scenario status " + result.getStatus();
        };
        return new ScenarioResult(iteration, testCase.getName(), testCase.getUri(), testCase.getLocation().getLine(),
                testCase.getTags(), outcome, message);
    }

    static ScenarioOutcome outcome(Status status) {
        return switch (status) {
            case PASSED -> ScenarioOutcome.PASSED;
            case SKIPPED -> ScenarioOutcome.ABORTED;
            default -> ScenarioOutcome.FAILED;
        };
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ConformancePlugin.class.getClassLoader();
    }
}
