package io.asynciotck.tck.runner;

import io.cucumber.messages.types.Envelope;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where one iteration of a run sends Cucumber's messages: its {@link MessageFile} and, as scenarios
 * finish, their results to a listener (the console's progress). The {@link RecordingPlugin}, which
 * Cucumber makes by class name, finds its recording by the key it is given ({@link #register}); keying
 * keeps concurrent runs (the self-test's) apart.
 */
public final class Recording implements AutoCloseable {

    private static final Map<String, Recording> REGISTERED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final MessageFile file;
    private final ScenarioTracker tracker;
    private final Consumer<ScenarioResult> onScenario;
    private final Runnable onRunFinished;

    private Recording(MessageFile file, int iteration, Consumer<ScenarioResult> onScenario, Runnable onRunFinished) {
        this.file = Objects.requireNonNull(file, "file");
        this.tracker = new ScenarioTracker(iteration);
        this.onScenario = Objects.requireNonNull(onScenario, "onScenario");
        this.onRunFinished = Objects.requireNonNull(onRunFinished, "onRunFinished");
    }

    /**
     * Registers a recording into {@code file} until it is closed.
     *
     * @param onScenario    told each scenario's result as it finishes
     * @param onRunFinished told when the iteration's run finished
     */
    public static Recording register(MessageFile file, int iteration, Consumer<ScenarioResult> onScenario,
                                     Runnable onRunFinished) {
        Recording recording = new Recording(file, iteration, onScenario, onRunFinished);
        REGISTERED.put(recording.key, recording);
        return recording;
    }

    static Optional<Recording> lookup(String key) {
        return Optional.ofNullable(REGISTERED.get(key));
    }

    /** The plugin argument that makes Cucumber send its messages here. */
    public String plugin() {
        return RecordingPlugin.class.getName() + ":" + key;
    }

    /** One message: written to the file, then tracked. */
    synchronized void accept(Envelope envelope) {
        file.write(envelope);
        tracker.accept(envelope).ifPresent(onScenario);
        if (envelope.getTestRunFinished().isPresent()) {
            onRunFinished.run();
        }
    }

    /** The results of the scenarios finished so far. */
    public synchronized List<ScenarioResult> results() {
        return tracker.results();
    }

    /** The feature name of a feature file, once its document was recorded. */
    public synchronized Optional<String> featureName(java.net.URI uri) {
        return tracker.featureName(uri);
    }

    public MessageFile file() {
        return file;
    }

    @Override
    public void close() {
        REGISTERED.remove(key);
        file.close();
    }
}
