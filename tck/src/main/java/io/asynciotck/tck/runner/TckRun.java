package io.asynciotck.tck.runner;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.DiscoveryIssueException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.cucumber.junit.platform.engine.Constants.ANSI_COLORS_DISABLED_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.FILTER_TAGS_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.JUNIT_PLATFORM_SHORT_NAMING_STRATEGY_EXAMPLE_NAME_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PARALLEL_EXECUTION_ENABLED_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

/**
 * One TCK run: runs the selected features with the Cucumber engine through the JUnit Platform Launcher,
 * {@code iterations} times, recording each iteration's Cucumber messages ({@link MessageFile}) in the
 * report folder (in {@code iteration-N/} subfolders when repeating) while printing each feature's
 * progress; then judges the record and writes the reports ({@link RunReports}).
 *
 * <p>{@link #run()} does both in this JVM. {@link #execute()} only runs and records: the TCK's command
 * line runs it in a JVM of its own, with the implementation, and judges the record in another JVM, so
 * that an implementation that ends its JVM cannot end the judging one.
 *
 * <p>Features are selected with discovery selectors, never with {@code cucumber.features} (which
 * overrides the selectors): class path folders with package selectors (the Cucumber engine warns that
 * a class path resource selector is meant for single files), folders on disk with directory selectors.
 * Only the Cucumber engine runs. Scenarios run one at a time.
 *
 * <p>The context class loader is the run's class loader while Cucumber runs, so that features, glue
 * and implementations load from it (a vendor's jars). The caller installs the
 * {@link io.asynciotck.tck.RunContext} the glue needs, if any.
 */
public final class TckRun {

    public static final String DEFAULT_GLUE = "io.asynciotck.tck.steps";
    public static final String BUNDLED_FEATURES = "features";

    /**
     * What {@link #execute()} did: the scenarios found, the record of each iteration, errors the JUnit
     * Platform reported outside the scenarios.
     */
    public record Execution(Discovery discovery, List<Path> messageFiles, List<String> runErrors) {
        public Execution {
            messageFiles = List.copyOf(messageFiles);
            runErrors = List.copyOf(runErrors);
        }
    }

    private final String glue;
    private final List<String> classpathFeatures;
    private final List<Path> featureDirectories;
    private final RuleCatalog catalog;
    private final KnownFailures knownFailures;
    private final String tagExpression;
    private final Path reportDirectory;
    private final int iterations;
    private final ClassLoader classLoader;
    private final String implementationName;
    private final PrintStream out;

    private TckRun(Builder builder) {
        this.glue = builder.glue;
        this.classpathFeatures = List.copyOf(builder.classpathFeatures);
        this.featureDirectories = List.copyOf(builder.featureDirectories);
        this.catalog = Objects.requireNonNull(builder.catalog, "catalog");
        this.knownFailures = builder.knownFailures;
        this.tagExpression = builder.tagExpression;
        this.reportDirectory = builder.reportDirectory == null ? null : builder.reportDirectory.toAbsolutePath();
        this.iterations = builder.iterations;
        this.classLoader = builder.classLoader;
        this.implementationName = builder.implementationName;
        this.out = builder.out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Finds the scenarios of the selected features, without running anything. */
    public Discovery discover() {
        return withContextClassLoader(() -> discover(LauncherFactory.create()));
    }

    /** Runs the selection {@code iterations} times, judges it and writes the reports. */
    public RunResults run() {
        Execution execution = execute();
        RunRecord record;
        try {
            record = RunRecord.read(execution.messageFiles());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the run's record", e);
        }
        RunResults results = judge(record, execution.discovery(), execution.runErrors());
        RunReports.write(reportDirectory, results, record);
        return results;
    }

    /** The results of {@code record}, judged with this run's catalogue, known failures and description. */
    public RunResults judge(RunRecord record, Discovery discovery, List<String> runErrors) {
        List<String> errors = new ArrayList<>(runErrors);
        errors.addAll(record.runErrors());
        return RunResults.evaluate(catalog, knownFailures, discovery == null ? null : discovery.scenariosByRule(),
                record.scenarios(), errors, description());
    }

    public RunDescription description() {
        return new RunDescription(implementationName, tagExpression, iterations);
    }

    /** The record files of each iteration, in the report folder. */
    public List<Path> messageFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            files.add(RunReports.iterationDirectory(reportDirectory, i, iterations).resolve(MessageFile.NAME));
        }
        return files;
    }

    /**
     * Runs the selection {@code iterations} times, recording every iteration's messages and printing each
     * feature's progress; judges nothing, and writes no report but the record.
     */
    public Execution execute() {
        Objects.requireNonNull(reportDirectory, "a run needs a report directory");
        try {
            Files.createDirectories(reportDirectory);
            deletePreviousReports();
        } catch (IOException e) {
            throw new ConfigurationException("cannot create the report folder " + reportDirectory + ": " + e.getMessage(), e);
        }
        return withContextClassLoader(() -> {
            Launcher launcher = LauncherFactory.create();
            Discovery discovery = discover(launcher);
            List<String> runErrors = new ArrayList<>();
            List<Path> files = messageFiles();
            for (int i = 1; i <= iterations; i++) {
                if (iterations > 1) {
                    out.println("Iteration " + i + " of " + iterations);
                }
                executeIteration(launcher, i, files.get(i - 1), runErrors);
            }
            return new Execution(discovery, files, runErrors);
        });
    }

    private void executeIteration(Launcher launcher, int iteration, Path file, List<String> runErrors) {
        AtomicReference<Recording> current = new AtomicReference<>();
        ProgressPrinter progress = new ProgressPrinter(out, knownFailures,
                uri -> current.get().featureName(uri).orElse(ProgressPrinter.fileName(uri)));
        try (Recording recording = Recording.register(MessageFile.create(file), iteration, progress::scenarioFinished,
                progress::runFinished)) {
            current.set(recording);
            launcher.execute(request(executionParameters(recording)), new RunErrors(runErrors));
        }
    }

    /** Removes what an earlier run wrote here, so that no stale report survives next to the new ones. */
    private void deletePreviousReports() throws IOException {
        List<Path> folders = new ArrayList<>(List.of(reportDirectory));
        try (Stream<Path> children = Files.list(reportDirectory)) {
            children.filter(child -> Files.isDirectory(child) && child.getFileName().toString().matches("iteration-\\d+"))
                    .forEach(folders::add);
        }
        for (Path folder : folders) {
            for (String report : RunReports.FILES) {
                Files.deleteIfExists(folder.resolve(report));
            }
        }
        for (Path folder : folders.subList(1, folders.size())) {
            try (Stream<Path> rest = Files.list(folder)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(folder);
                }
            }
        }
    }

    /**
     * Discovers the selected scenarios.
     *
     * @throws ConfigurationException when a feature file cannot be parsed (a critical discovery issue;
     *                                the JUnit Platform also logs the details)
     */
    private Discovery discover(Launcher launcher) {
        List<String> issues = new ArrayList<>();
        LauncherDiscoveryListener issueCollector = new LauncherDiscoveryListener() {
            @Override
            public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
                if (issue.severity().compareTo(DiscoveryIssue.Severity.ERROR) >= 0) {
                    issues.add(issue.message().lines().findFirst().orElse(issue.message()));
                }
            }
        };
        TestPlan plan;
        try {
            plan = launcher.discover(request(baseParameters(), issueCollector));
        } catch (DiscoveryIssueException e) {
            throw new ConfigurationException(issues.isEmpty() ? e.getMessage().lines().findFirst().orElse("")
                    : String.join("; ", issues), e);
        }
        Map<String, List<String>> byRule = new LinkedHashMap<>();
        int scenarios = 0;
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                if (!test.isTest()) {
                    continue;
                }
                scenarios++;
                List<String> tags = test.getTags().stream().map(tag -> "@" + tag.getName()).toList();
                for (String id : Rule.idsInTags(tags)) {
                    byRule.computeIfAbsent(id, k -> new ArrayList<>()).add(test.getDisplayName());
                }
            }
        }
        return new Discovery(scenarios, byRule);
    }

    private LauncherDiscoveryRequest request(Map<String, String> parameters, LauncherDiscoveryListener... listeners) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        classpathFeatures.forEach(folder -> selectors.add(DiscoverySelectors.selectPackage(folder.replace('/', '.'))));
        featureDirectories.forEach(dir -> selectors.add(DiscoverySelectors.selectDirectory(dir.toFile())));
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines("cucumber"))
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(parameters)
                .listeners(listeners)
                .build();
    }

    private Map<String, String> baseParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(GLUE_PROPERTY_NAME, glue);
        parameters.put(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true");
        parameters.put(ANSI_COLORS_DISABLED_PROPERTY_NAME, "true");
        parameters.put(PARALLEL_EXECUTION_ENABLED_PROPERTY_NAME, "false");
        parameters.put(JUNIT_PLATFORM_SHORT_NAMING_STRATEGY_EXAMPLE_NAME_PROPERTY_NAME, "pickle");
        return parameters;
    }

    private Map<String, String> executionParameters(Recording recording) {
        Map<String, String> parameters = baseParameters();
        if (tagExpression != null) {
            parameters.put(FILTER_TAGS_PROPERTY_NAME, tagExpression);
        }
        parameters.put(PLUGIN_PROPERTY_NAME, recording.plugin());
        return parameters;
    }

    private <T> T withContextClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Records failures the JUnit Platform reports outside the scenarios (the engine's, a feature's), each once. */
    private record RunErrors(List<String> errors) implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (!identifier.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                String error = result.getThrowable().map(FailureMessages::describe)
                        .orElse(identifier.getDisplayName() + " failed");
                synchronized (errors) {
                    if (!errors.contains(error)) {
                        errors.add(error);
                    }
                }
            }
        }
    }

    /** Configures a run: {@link #catalog} is required, and {@link #reportDirectory} to {@link #run()}. */
    public static final class Builder {
        private String glue = DEFAULT_GLUE;
        private List<String> classpathFeatures = List.of(BUNDLED_FEATURES);
        private List<Path> featureDirectories = List.of();
        private RuleCatalog catalog;
        private KnownFailures knownFailures = KnownFailures.none();
        private String tagExpression;
        private Path reportDirectory;
        private int iterations = 1;
        private ClassLoader classLoader = TckRun.class.getClassLoader();
        private String implementationName;
        private PrintStream out = System.out;

        private Builder() {
        }

        /** The glue package; default {@link #DEFAULT_GLUE}. */
        public Builder glue(String gluePackage) {
            this.glue = Objects.requireNonNull(gluePackage);
            return this;
        }

        /** Class path folders of features, {@code a/b}; default {@link #BUNDLED_FEATURES}. */
        public Builder classpathFeatures(List<String> resources) {
            this.classpathFeatures = List.copyOf(resources);
            return this;
        }

        /** Feature folders on disk, run in addition to the class path ones. */
        public Builder featureDirectories(List<Path> directories) {
            this.featureDirectories = List.copyOf(directories);
            return this;
        }

        public Builder catalog(RuleCatalog rules) {
            this.catalog = rules;
            return this;
        }

        public Builder knownFailures(KnownFailures known) {
            this.knownFailures = Objects.requireNonNull(known);
            return this;
        }

        /** A Cucumber tag expression, or null for every scenario. */
        public Builder tagExpression(String expression) {
            this.tagExpression = expression;
            return this;
        }

        /** Where the reports go: already per implementation. */
        public Builder reportDirectory(Path directory) {
            this.reportDirectory = directory;
            return this;
        }

        public Builder iterations(int count) {
            if (count < 1) {
                throw new ConfigurationException("the repeat count must be at least 1, got " + count);
            }
            this.iterations = count;
            return this;
        }

        /** Loads features, glue and implementations; default the TCK's own. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /** For the reports' headers. */
        public Builder implementationName(String name) {
            this.implementationName = name;
            return this;
        }

        /** Where each feature's progress is printed; default {@code System.out}. */
        public Builder out(PrintStream stream) {
            this.out = Objects.requireNonNull(stream);
            return this;
        }

        public TckRun build() {
            return new TckRun(this);
        }
    }
}
