package io.asynciotck.tck.runner;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Node;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestCaseStarted;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestSourceParsed;

import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints one line per feature as it finishes: {@code PASS  Flow control callbacks: 5 passed, 0 failed,
 * 1 skipped}. A feature is finished when a scenario of another feature starts, or the run ends; this
 * holds because the TCK runs scenarios one at a time, feature by feature.
 */
public final class ProgressPlugin implements ConcurrentEventListener {

    private final PrintStream out = System.out;
    private final Map<URI, String> featureNames = new HashMap<>();
    private URI current;
    private int passed;
    private int failed;
    private int skipped;

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestSourceParsed.class, this::sourceParsed);
        publisher.registerHandlerFor(TestCaseStarted.class, this::caseStarted);
        publisher.registerHandlerFor(TestCaseFinished.class, this::caseFinished);
        publisher.registerHandlerFor(TestRunFinished.class, event -> runFinished());
    }

    private synchronized void sourceParsed(TestSourceParsed event) {
        event.getNodes().stream()
                .filter(node -> node instanceof Node.Feature)
                .flatMap(node -> node.getName().stream())
                .filter(name -> !name.isBlank())
                .findFirst()
                .ifPresent(name -> featureNames.put(event.getUri(), name));
    }

    private synchronized void caseStarted(TestCaseStarted event) {
        URI uri = event.getTestCase().getUri();
        if (!uri.equals(current)) {
            flush();
            current = uri;
        }
    }

    private synchronized void caseFinished(TestCaseFinished event) {
        switch (ConformancePlugin.outcome(event.getResult().getStatus())) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case ABORTED -> skipped++;
        }
    }

    private synchronized void runFinished() {
        flush();
        current = null;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        String status = failed > 0 ? "FAIL" : passed > 0 ? "PASS" : "SKIP";
        String name = featureNames.getOrDefault(current, fileName(current));
        out.printf("%s  %s: %d passed, %d failed, %d skipped%n", status, name, passed, failed, skipped);
        out.flush();
        passed = 0;
        failed = 0;
        skipped = 0;
    }

    private static String fileName(URI uri) {
        String path = uri.getSchemeSpecificPart();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
