package io.asynciotck.tck.runner;

import io.cucumber.messages.types.Envelope;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCK as a Cucumber plugin, for a run that the TCK's runner does not drive (the Maven build's JUnit
 * Platform suite): {@code io.asynciotck.tck.runner.ConformancePlugin:target/tck-reports}. It records the
 * run's messages in that folder ({@link MessageFile}), prints each feature's progress, and when the run
 * finishes writes every report there ({@link RunReports}) and prints the per-rule summary, judged against
 * the bundled rules catalogue.
 */
public final class ConformancePlugin implements ConcurrentEventListener {

    private final Path directory;
    private final MessageFile file;
    private final List<Envelope> envelopes = new ArrayList<>();
    private final ScenarioTracker tracker = new ScenarioTracker(1);
    private final ProgressPrinter progress;

    public ConformancePlugin(File reportDirectory) {
        this.directory = reportDirectory.toPath().toAbsolutePath();
        this.file = MessageFile.create(directory.resolve(MessageFile.NAME));
        this.progress = new ProgressPrinter(System.out, KnownFailures.none(),
                uri -> tracker.featureName(uri).orElse(ProgressPrinter.fileName(uri)));
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(Envelope.class, this::accept);
    }

    private synchronized void accept(Envelope envelope) {
        file.write(envelope);
        envelopes.add(envelope);
        tracker.accept(envelope).ifPresent(progress::scenarioFinished);
        if (envelope.getTestRunFinished().isPresent()) {
            progress.runFinished();
            file.close();
            finish();
        }
    }

    private void finish() {
        RuleCatalog catalog = RuleCatalog.load(contextClassLoader(), RuleCatalog.BUNDLED_RESOURCE);
        RunRecord record = RunRecord.of(List.of(envelopes));
        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, record.scenarios(),
                record.runErrors(), RunDescription.unnamed());
        try {
            RunReports.write(directory, results, record);
        } catch (UncheckedIOException e) {
            System.err.println("tck: " + e.getMessage());
        }
        ConsoleSummary.print(results, System.out, List.of(directory));
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ConformancePlugin.class.getClassLoader();
    }
}
