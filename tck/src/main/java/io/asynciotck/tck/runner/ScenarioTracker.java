package io.asynciotck.tck.runner;

import io.asynciotck.tck.harness.ImplementationUnresponsive;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleStep;
import io.cucumber.messages.types.PickleTag;
import io.cucumber.messages.types.TestCase;
import io.cucumber.messages.types.TestCaseFinished;
import io.cucumber.messages.types.TestCaseStarted;
import io.cucumber.messages.types.TestStep;
import io.cucumber.messages.types.TestStepFinished;
import io.cucumber.messages.types.TestStepResult;
import io.cucumber.messages.types.TestStepResultStatus;
import io.cucumber.messages.types.TestStepStarted;
import io.cucumber.query.Query;
import io.cucumber.query.Repository;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns one iteration's Cucumber messages, as they come, into {@link ScenarioResult}s: the one reading of
 * a run's record, live (the console's progress) and afterwards (the reports, the verdict), in the TCK's
 * JVM or in the one that judges it. Built on Cucumber's own {@link Query} of the messages.
 *
 * <p>A scenario's outcome is its most severe step result: passed; skipped by a
 * {@code TestAbortedException} (aborted: not applicable; or {@link ImplementationUnresponsive}: not run);
 * failed, with the {@link FailureKind} of the exception; undefined, pending or ambiguous steps are
 * errors, and so is a scenario without a single step, which proves nothing.
 */
public final class ScenarioTracker {

    private static final int FRAMES = 6;

    /**
     * A scenario started and not finished: what was going on when the record ends.
     *
     * @param step       the step in progress, in words ({@code When the peer sends...}), or "(between steps)"
     * @param testStepId the id of that step's {@code TestStep}, null between steps
     */
    public record InProgress(int iteration, String name, URI uri, int line, List<String> tags,
                             String testCaseStartedId, String step, String testStepId) {

        /** The scenario, failed with {@code message}. */
        public ScenarioResult failed(String message, FailureKind kind) {
            return new ScenarioResult(iteration, name, uri, line, tags, ScenarioOutcome.FAILED, message, kind);
        }

        /** {@code name (features/x.feature:12)}. */
        public String displayName() {
            return failed("", FailureKind.ERROR).displayName();
        }
    }

    private final int iteration;
    private final Repository repository = Repository.builder()
            .feature(Repository.RepositoryFeature.INCLUDE_GHERKIN_DOCUMENTS, true)
            .build();
    private final Query query = new Query(repository);
    private final Map<String, ScenarioResult> byTestCaseStarted = new LinkedHashMap<>();
    private final Map<String, String> featureNames = new HashMap<>();
    private boolean runFinished;

    /** @param iteration the iteration the results belong to (1-based) */
    public ScenarioTracker(int iteration) {
        this.iteration = iteration;
    }

    /**
     * Takes the next envelope of the record.
     *
     * @return the result of the scenario it finishes, if it finishes one
     */
    public Optional<ScenarioResult> accept(Envelope envelope) {
        repository.update(envelope);
        envelope.getGherkinDocument().ifPresent(document -> document.getUri().ifPresent(uri ->
                document.getFeature().ifPresent(feature -> featureNames.put(uri, feature.getName()))));
        if (envelope.getTestRunFinished().isPresent()) {
            runFinished = true;
        }
        return envelope.getTestCaseFinished().flatMap(this::finished);
    }

    private Optional<ScenarioResult> finished(TestCaseFinished finished) {
        if (finished.getWillBeRetried()) {
            return Optional.empty();
        }
        Optional<TestCaseStarted> started = query.findTestCaseStartedBy(finished);
        Optional<Pickle> pickle = query.findPickleBy(finished);
        if (started.isEmpty() || pickle.isEmpty()) {
            return Optional.empty();
        }
        ScenarioResult result = judge(started.get(), pickle.get(), query.findMostSevereTestStepResultBy(finished));
        byTestCaseStarted.put(started.get().getId(), result);
        return Optional.of(result);
    }

    private ScenarioResult judge(TestCaseStarted started, Pickle pickle, Optional<TestStepResult> worst) {
        boolean hasSteps = query.findTestCaseBy(started).map(TestCase::getTestSteps).orElse(List.of()).stream()
                .anyMatch(step -> step.getPickleStepId().isPresent());
        if (!hasSteps) {
            return result(pickle, ScenarioOutcome.FAILED, "The scenario has no steps: it proves nothing.", FailureKind.ERROR);
        }
        if (worst.isEmpty()) {
            return result(pickle, ScenarioOutcome.FAILED, "The scenario reported no step results.", FailureKind.ERROR);
        }
        TestStepResult step = worst.get();
        TestStepResultStatus status = step.getStatus();
        return switch (status) {
            case PASSED -> result(pickle, ScenarioOutcome.PASSED, "", null);
            case SKIPPED -> {
                String reason = step.getException().flatMap(io.cucumber.messages.types.Exception::getMessage).orElse("skipped");
                boolean notRun = step.getException().map(e -> isA(e.getType(), ImplementationUnresponsive.class)).orElse(false);
                yield result(pickle, notRun ? ScenarioOutcome.NOT_RUN : ScenarioOutcome.ABORTED, reason, null);
            }
            case FAILED -> result(pickle, ScenarioOutcome.FAILED, failureMessage(step),
                    step.getException().map(e -> FailureKind.ofType(e.getType())).orElse(FailureKind.ERROR));
            case UNDEFINED, PENDING, AMBIGUOUS -> result(pickle, ScenarioOutcome.FAILED,
                    status.value().toLowerCase(Locale.ROOT) + " step: " + stepWith(started, status), FailureKind.ERROR);
            default -> result(pickle, ScenarioOutcome.FAILED, "scenario status " + status.value(), FailureKind.ERROR);
        };
    }

    /**
     * The failure's message: an assertion's or a driver's own message (they name the rule and show the
     * recorded callbacks); anything else with the exception's type and a few stack frames per cause, to
     * locate the bug.
     */
    private static String failureMessage(TestStepResult step) {
        if (step.getException().isEmpty()) {
            return step.getMessage().orElse("failed");
        }
        io.cucumber.messages.types.Exception exception = step.getException().get();
        String message = exception.getMessage().orElse(null);
        boolean explained = isA(exception.getType(), AssertionError.class)
                || isA(exception.getType(), io.asynciotck.tck.driver.DriverException.class);
        if (explained && message != null) {
            return message;
        }
        String trace = exception.getStackTrace().or(step::getMessage).orElse(exception.getType() + ": " + message);
        return abbreviate(trace);
    }

    /** A printed stack trace with at most {@link #FRAMES} frames per exception. */
    static String abbreviate(String trace) {
        StringBuilder text = new StringBuilder();
        int frames = 0;
        for (String line : trace.split("\\R")) {
            boolean frame = line.stripLeading().startsWith("at ");
            if (frame && frames++ >= FRAMES) {
                continue;
            }
            if (line.stripLeading().startsWith("... ")) {
                continue;
            }
            if (!frame) {
                frames = 0;
            }
            text.append(text.length() == 0 ? "" : "\n").append(frame ? "    " + line.strip() : line);
        }
        return text.toString();
    }

    private String stepWith(TestCaseStarted started, TestStepResultStatus status) {
        for (Map.Entry<TestStepFinished, TestStep> entry : query.findTestStepFinishedAndTestStepBy(started)) {
            if (entry.getKey().getTestStepResult().getStatus() == status) {
                Optional<PickleStep> pickleStep = query.findPickleStepBy(entry.getValue());
                if (pickleStep.isPresent()) {
                    return describe(entry.getValue());
                }
            }
        }
        return "(unknown)";
    }

    private ScenarioResult result(Pickle pickle, ScenarioOutcome outcome, String message, FailureKind kind) {
        int line = query.findLocationOf(pickle).map(location -> location.getLine().intValue()).orElse(0);
        List<String> tags = pickle.getTags().stream().map(PickleTag::getName).collect(Collectors.toList());
        return new ScenarioResult(iteration, pickle.getName(), URI.create(pickle.getUri()), line, tags, outcome, message, kind);
    }

    private static boolean isA(String className, Class<?> type) {
        try {
            return type.isAssignableFrom(Class.forName(className, false, ScenarioTracker.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The results so far, by the id of their {@code TestCaseStarted} message. */
    public Map<String, ScenarioResult> resultsByTestCaseStarted() {
        return byTestCaseStarted;
    }

    /** The results so far, in the order the scenarios finished. */
    public List<ScenarioResult> results() {
        return List.copyOf(byTestCaseStarted.values());
    }

    /** Whether the record has its {@code TestRunFinished}: the iteration ran to its end. */
    public boolean runFinished() {
        return runFinished;
    }

    /** The scenario started and not finished, if there is one, with its step in progress. */
    public Optional<InProgress> inProgress() {
        for (TestCaseStarted started : query.findAllTestCaseStarted()) {
            if (query.findTestCaseFinishedBy(started).isPresent()) {
                continue;
            }
            Optional<Pickle> pickle = query.findPickleBy(started);
            if (pickle.isEmpty()) {
                continue;
            }
            String step = "(between steps)";
            String stepId = null;
            List<TestStepStarted> steps = query.findTestStepsStartedBy(started);
            List<TestStepFinished> done = query.findTestStepsFinishedBy(started);
            if (steps.size() > done.size()) {
                TestStepStarted last = steps.get(steps.size() - 1);
                stepId = last.getTestStepId();
                step = query.findTestStepBy(last).map(this::describe).orElse("a step");
            } else {
                List<TestStep> all = query.findTestCaseBy(started).map(TestCase::getTestSteps).orElse(List.of());
                if (done.size() < all.size()) {
                    stepId = all.get(done.size()).getId(); // the next step, about to start
                }
            }
            ScenarioResult scenario = result(pickle.get(), ScenarioOutcome.PASSED, "", null);
            return Optional.of(new InProgress(iteration, scenario.name(), scenario.uri(), scenario.line(), scenario.tags(),
                    started.getId(), step, stepId));
        }
        return Optional.empty();
    }

    private String describe(TestStep step) {
        return query.findPickleStepBy(step)
                .map(p -> query.findStepBy(p).map(s -> s.getKeyword()).orElse("") + p.getText())
                .orElse("a hook");
    }

    /** The name of the feature of the file {@code uri}, if its document was seen. */
    public Optional<String> featureName(URI uri) {
        return Optional.ofNullable(featureNames.get(uri.toString())).filter(name -> !name.isBlank());
    }
}
