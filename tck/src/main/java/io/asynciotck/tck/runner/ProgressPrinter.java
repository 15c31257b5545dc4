package io.asynciotck.tck.runner;

import java.io.PrintStream;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Prints one line per feature as its scenarios finish, judged as the verdict judges them:
 * {@code PASS  Flow control callbacks (18.5.4.2.5) over TLS: 3 passed, 0 failed, 0 skipped, 6 known failures}.
 * {@code FAIL} when a scenario failed without excuse or was not run, {@code PASS} when the rest passed or
 * failed as documented, {@code SKIP} when nothing applied. A feature is finished when a scenario of
 * another feature finishes, or the run ends: the TCK runs scenarios one at a time, feature by feature.
 */
public final class ProgressPrinter {

    private final PrintStream out;
    private final KnownFailures knownFailures;
    private final Function<URI, String> featureNames;
    private final Map<ScenarioStatus, Integer> counts = new EnumMap<>(ScenarioStatus.class);
    private URI current;

    /** @param featureNames the name of the feature of a file */
    public ProgressPrinter(PrintStream out, KnownFailures knownFailures, Function<URI, String> featureNames) {
        this.out = Objects.requireNonNull(out, "out");
        this.knownFailures = Objects.requireNonNull(knownFailures, "knownFailures");
        this.featureNames = Objects.requireNonNull(featureNames, "featureNames");
    }

    public synchronized void scenarioFinished(ScenarioResult scenario) {
        if (!scenario.uri().equals(current)) {
            flush();
            current = scenario.uri();
        }
        counts.merge(ScenarioStatus.of(scenario, knownFailures), 1, Integer::sum);
    }

    public synchronized void runFinished() {
        flush();
        current = null;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        ScenarioCounts tally = new ScenarioCounts(count(ScenarioStatus.PASSED), count(ScenarioStatus.FAILED),
                count(ScenarioStatus.NOT_APPLICABLE), count(ScenarioStatus.KNOWN_FAILURE),
                count(ScenarioStatus.FLAKY_FAILURE), count(ScenarioStatus.NOT_RUN));
        String status = tally.failed() + tally.notRun() > 0 ? "FAIL"
                : tally.passed() + tally.knownFailures() + tally.flakyFailures() > 0 ? "PASS" : "SKIP";
        out.printf("%s  %s: %s%n", status, featureNames.apply(current), tally);
        out.flush();
        counts.clear();
    }

    private long count(ScenarioStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** The file name of a feature whose name is unknown. */
    static String fileName(URI uri) {
        String path = uri.getSchemeSpecificPart();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
