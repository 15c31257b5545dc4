package io.asynciotck.tck.runner;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One execution of one scenario (an example of an outline is a scenario of its own).
 *
 * @param iteration 1 for the first run of the selection, 2 for the second with {@code --repeat}...
 * @param uri       the feature file, {@code classpath:features/...} or {@code file:/...}
 * @param line      the scenario's line in the feature file
 * @param tags      every tag of the scenario, with {@code @}, inherited ones included
 * @param message   the failure message or the abort reason; empty when passed
 * @param kind      what kind of failure, for a failed scenario; null otherwise
 */
public record ScenarioResult(int iteration, String name, URI uri, int line, List<String> tags,
                             ScenarioOutcome outcome, String message, FailureKind kind) {

    public ScenarioResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(outcome, "outcome");
        tags = List.copyOf(tags);
        message = message == null ? "" : message;
        if (outcome == ScenarioOutcome.FAILED) {
            Objects.requireNonNull(kind, "a failed scenario's kind of failure");
        } else {
            kind = null;
        }
    }

    /** A scenario that did not fail, or one that failed an assertion. */
    public ScenarioResult(int iteration, String name, URI uri, int line, List<String> tags,
                          ScenarioOutcome outcome, String message) {
        this(iteration, name, uri, line, tags, outcome, message,
                outcome == ScenarioOutcome.FAILED ? FailureKind.ASSERTION : null);
    }

    /** The rules the scenario proves, from its tags. */
    public List<String> ruleIds() {
        return Rule.idsInTags(tags);
    }

    /**
     * {@code features/flow-control/flow-control.feature:27}: class path features by their resource path,
     * files relative to the working directory when under it.
     */
    public String location() {
        String path;
        if ("classpath".equals(uri.getScheme())) {
            path = uri.getSchemeSpecificPart();
        } else if ("file".equals(uri.getScheme())) {
            Path file = Path.of(uri);
            Path workingDirectory = Path.of("").toAbsolutePath();
            path = (file.startsWith(workingDirectory) ? workingDirectory.relativize(file) : file).toString();
        } else {
            path = uri.toString();
        }
        return path + ":" + line;
    }

    /** The scenario's name and location, which together identify it. */
    public String displayName() {
        return name + " (" + location() + ")";
    }

    /** The first line of {@link #message}: what the console shows. */
    public String headline() {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
