package io.asynciotck.tck.runner;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds scenario results and evaluates them, for tests that need no Cucumber run. */
final class Results {

    private static final AtomicInteger LINES = new AtomicInteger(1);

    private Results() {
    }

    static ScenarioResult passed(String name, String... tags) {
        return scenario(1, name, ScenarioOutcome.PASSED, "", tags);
    }

    static ScenarioResult failed(String name, String... tags) {
        return scenario(1, name, ScenarioOutcome.FAILED, "Rule " + name + ": expected something\nRecorded callbacks: none", tags);
    }

    static ScenarioResult failedWith(String name, FailureKind kind, String message, String... tags) {
        return new ScenarioResult(1, name, URI.create("classpath:features/test.feature"), LINES.incrementAndGet(),
                Arrays.asList(tags), ScenarioOutcome.FAILED, message, kind);
    }

    static ScenarioResult aborted(String name, String reason, String... tags) {
        return scenario(1, name, ScenarioOutcome.ABORTED, reason, tags);
    }

    static ScenarioResult scenario(int iteration, String name, ScenarioOutcome outcome, String message, String... tags) {
        return new ScenarioResult(iteration, name, URI.create("classpath:features/test.feature"), LINES.incrementAndGet(),
                Arrays.asList(tags), outcome, message);
    }

    static RunResults of(RuleCatalog catalog, KnownFailures known, ScenarioResult... scenarios) {
        return RunResults.evaluate(catalog, known, null, List.of(scenarios), List.of(), RunDescription.unnamed());
    }
}
