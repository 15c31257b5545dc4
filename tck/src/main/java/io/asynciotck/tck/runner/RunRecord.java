package io.asynciotck.tck.runner;

import io.cucumber.messages.Convertor;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Exception;
import io.cucumber.messages.types.TestCaseFinished;
import io.cucumber.messages.types.TestRunFinished;
import io.cucumber.messages.types.TestStepFinished;
import io.cucumber.messages.types.TestStepResult;
import io.cucumber.messages.types.TestStepResultStatus;
import io.cucumber.messages.types.Timestamp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run recorded: the messages of each iteration ({@link MessageFile}) read back, with the
 * scenario results they give ({@link ScenarioTracker}). A record that ends in the middle of a run (the
 * JVM that wrote it ended) can be {@link #interrupted closed}: the scenario in progress then fails with
 * the reason, and the messages get the endings they lack, so that every report made from them is whole.
 */
public final class RunRecord {

    /** The type named in the messages of a scenario that a run's interruption failed. */
    public static final String INTERRUPTED_TYPE = "io.asynciotck.tck.runner.RunInterrupted";

    /** One iteration's messages and results. */
    public record Iteration(int number, List<Envelope> envelopes, ScenarioTracker tracker) {

        public Iteration {
            envelopes = List.copyOf(envelopes);
        }
    }

    private final List<Iteration> iterations;

    private RunRecord(List<Iteration> iterations) {
        this.iterations = List.copyOf(iterations);
    }

    /** The record of the given iterations' messages, in order. */
    public static RunRecord of(List<List<Envelope>> iterations) {
        List<Iteration> read = new ArrayList<>();
        for (int i = 0; i < iterations.size(); i++) {
            ScenarioTracker tracker = new ScenarioTracker(i + 1);
            iterations.get(i).forEach(tracker::accept);
            read.add(new Iteration(i + 1, iterations.get(i), tracker));
        }
        return new RunRecord(read);
    }

    /**
     * Reads the files of iterations 1, 2... in order; it stops at the first that does not exist (a run
     * that ended before that iteration).
     *
     * @throws IOException when a file cannot be read or is not a record
     */
    public static RunRecord read(List<Path> files) throws IOException {
        List<List<Envelope>> iterations = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                break;
            }
            iterations.add(MessageFile.read(file));
        }
        return of(iterations);
    }

    public List<Iteration> iterations() {
        return iterations;
    }

    /** Every scenario result of every iteration, in order. */
    public List<ScenarioResult> scenarios() {
        List<ScenarioResult> all = new ArrayList<>();
        iterations.forEach(iteration -> all.addAll(iteration.tracker().results()));
        return all;
    }

    /** Whether the last iteration ran to its end ({@code TestRunFinished}). */
    public boolean finished() {
        return !iterations.isEmpty() && iterations.get(iterations.size() - 1).tracker().runFinished();
    }

    /** The scenario in progress when the record ends, if any. */
    public Optional<ScenarioTracker.InProgress> inProgress() {
        return iterations.isEmpty() ? Optional.empty() : iterations.get(iterations.size() - 1).tracker().inProgress();
    }

    /** Errors the run itself reported at its end (a hook of the whole run failed...). */
    public List<String> runErrors() {
        List<String> errors = new ArrayList<>();
        for (Iteration iteration : iterations) {
            for (Envelope envelope : iteration.envelopes()) {
                envelope.getTestRunFinished().flatMap(TestRunFinished::getException)
                        .filter(e -> !INTERRUPTED_TYPE.equals(e.getType()))
                        .ifPresent(e -> errors.add(e.getMessage().orElse(e.getType())));
            }
        }
        return errors;
    }

    /**
     * This record, ended because the run was interrupted: the last iteration's messages get the step,
     * scenario and run endings they lack, the step in progress failing with {@code reason}, so that the
     * scenario in progress fails with it (an {@link FailureKind#ERROR}) and every report made from the
     * messages is whole.
     */
    public RunRecord interrupted(String reason) {
        if (iterations.isEmpty() || finished()) {
            return this;
        }
        Iteration last = iterations.get(iterations.size() - 1);
        List<Envelope> envelopes = new ArrayList<>(last.envelopes());
        Timestamp now = Convertor.toMessage(Instant.now());
        Exception exception = new Exception(INTERRUPTED_TYPE, reason, null);
        last.tracker().inProgress().ifPresent(scenario -> {
            if (scenario.testStepId() != null) {
                envelopes.add(Envelope.of(new TestStepFinished(scenario.testCaseStartedId(), scenario.testStepId(),
                        new TestStepResult(new io.cucumber.messages.types.Duration(0L, 0L), reason,
                                TestStepResultStatus.FAILED, exception), now)));
            }
            envelopes.add(Envelope.of(new TestCaseFinished(scenario.testCaseStartedId(), now, false)));
        });
        envelopes.add(Envelope.of(new TestRunFinished(reason, false, now, exception, null)));
        List<List<Envelope>> all = new ArrayList<>();
        iterations.subList(0, iterations.size() - 1).forEach(iteration -> all.add(iteration.envelopes()));
        all.add(envelopes);
        return of(all);
    }
}
