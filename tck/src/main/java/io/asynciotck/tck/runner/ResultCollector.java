package io.asynciotck.tck.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers a run's scenario results as they finish, over every iteration, and evaluates them on demand.
 * The {@link ConformancePlugin} adds to it; the runner reads {@link #results()} when the run is over.
 * Thread-safe: Cucumber may report from several threads.
 */
public final class ResultCollector {

    private final RuleCatalog catalog;
    private final KnownFailures knownFailures;
    private final Map<String, List<String>> discovered;
    private final RunDescription description;
    private final Path reportFile;
    private final List<ScenarioResult> scenarios = new ArrayList<>();
    private final List<String> runErrors = new ArrayList<>();
    private int iteration = 1;

    /**
     * @param discovered the scenario names discovered per rule, or null when unknown (see
     *                   {@link RunResults#evaluate})
     * @param reportFile where {@link #writeReport()} writes the conformance report
     */
    public ResultCollector(RuleCatalog catalog, KnownFailures knownFailures, Map<String, List<String>> discovered,
                           RunDescription description, Path reportFile) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.knownFailures = Objects.requireNonNull(knownFailures, "knownFailures");
        this.discovered = discovered == null ? null : Map.copyOf(discovered);
        this.description = Objects.requireNonNull(description, "description");
        this.reportFile = Objects.requireNonNull(reportFile, "reportFile");
    }

    /** Results added from now on belong to this iteration (1-based). */
    public synchronized void startIteration(int number) {
        this.iteration = number;
    }

    public synchronized int iteration() {
        return iteration;
    }

    public synchronized void add(ScenarioResult result) {
        scenarios.add(result);
    }

    /** Records a failure outside any scenario; the same message twice is recorded once. */
    public synchronized void addRunError(String message) {
        if (!runErrors.contains(message)) {
            runErrors.add(message);
        }
    }

    public synchronized RunResults results() {
        return RunResults.evaluate(catalog, knownFailures, discovered, scenarios, runErrors, description);
    }

    public Path reportFile() {
        return reportFile;
    }

    /** (Re)writes the conformance report with everything collected so far. */
    public void writeReport() {
        ConformanceReport.write(reportFile, results());
    }
}
