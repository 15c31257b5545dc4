package io.asynciotck.tck.cli;

import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.outofprocess.BundledPythonDriver;
import io.asynciotck.tck.runner.ConfigurationException;
import io.asynciotck.tck.runner.Discovery;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.Rule;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RuleLevel;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.TagSelection;
import io.asynciotck.tck.runner.TckRun;
import io.asynciotck.tck.runner.TimeoutSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The TCK's command line: options, their checks, and the run (or the rule listing). */
@Command(name = "java -jar tck.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Runs the conformance scenarios of asyncio's \"Transports and protocols\" contract against an "
                        + "implementation, and reports rule by rule.",
                ""},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  every required rule that ran passed (known failures excepted)",
                "  1  a required rule failed, or the run had errors (see the summary)",
                "  2  bad command line or configuration",
                "  3  no scenario passed or failed (nothing selected, or everything aborted)",
                "  The verdict is this JVM's: the scenarios run in a JVM of their own, and a run that does not finish "
                        + "(the implementation ended that JVM, it was wedged, or a signal stopped it) fails.",
                "",
                "Timeouts: a flag wins over the system property (tck.timeout, tck.quiet, tck.startupTimeout, "
                        + "tck.timeoutFactor), which wins over the environment variable (TCK_TIMEOUT, TCK_QUIET, "
                        + "TCK_STARTUP_TIMEOUT, TCK_TIMEOUT_FACTOR). Defaults: 5s, 200ms, 30s and factor 1."})
final class TckCommand implements Callable<Integer> {

    /** The system property that sets how long a run may record nothing before it is stopped. */
    static final String STALL_LIMIT_PROPERTY = "tck.stallLimit";

    /** The environment variable naming the Python of the bundled drivers. */
    static final String PYTHON_ENV = "TCK_PYTHON";

    @Option(names = "--impl", paramLabel = "NAME",
            description = "The implementation to test, by its provider name. Default: the only one found: the one "
                    + "--impl-jar lists, else the bundled reference implementation.")
    private String impl;

    @Option(names = "--impl-jar", paramLabel = "PATH",
            description = "A jar (or class folder) of the implementation, or one it depends on; repeatable. Together they "
                    + "must list an event loop provider in META-INF/services; the run tests that one (see --impl).")
    private List<Path> implJars = new ArrayList<>();

    @Option(names = "--driver", paramLabel = "COMMAND",
            description = "Test an implementation in other processes, through a driver speaking the line protocol "
                    + "of drivers/PROTOCOL.md: the driver's command line, quoted as in a shell, or a bundled "
                    + "driver: asyncio or uvloop, or python:MODULE:CALLABLE for any other asyncio-compatible loop "
                    + "(a callable that makes a loop or a policy; Python: see --python). Excludes --impl and --impl-jar.")
    private String driverCommand;

    @Option(names = "--python", paramLabel = "PATH",
            description = "The Python that runs the bundled drivers (--driver asyncio or uvloop). "
                    + "Default: the environment variable TCK_PYTHON, else python3.")
    private String python;

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "Run the scenarios matching this Cucumber tag expression, e.g. \"@FC-3 or @WT-1\", \"not @stance\".")
    private String tags;

    @Option(names = "--rules", paramLabel = "ID", split = ",",
            description = "Run the scenarios of these rules, e.g. FC-3,WT-1; combined with --tags by AND.")
    private List<String> rules = new ArrayList<>();

    @Option(names = "--features", paramLabel = "DIR",
            description = "A folder of extra feature files, run with the bundled ones; repeatable.")
    private List<Path> features = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an expected callback may take to arrive, or a transfer go without moving, "
                    + "such as 5s.")
    private Duration timeout;

    @Option(names = "--quiet", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to watch for a callback that must not happen, such as 200ms.")
    private Duration quiet;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a process may take to start and answer: a driver's hello, a child of the "
                    + "implementation, such as 30s.")
    private Duration startupTimeout;

    @Option(names = "--timeout-factor", paramLabel = "FACTOR", converter = FactorConverter.class,
            description = "Multiplies every timeout (arrival, quiet, start-up), for slow or loaded machines, such as 2.")
    private Double timeoutFactor;

    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "reports",
            description = "Where reports go, in a subfolder named after the implementation; matrix.md there "
                    + "compares every implementation reported. Default: ${DEFAULT-VALUE}.")
    private Path reports;

    @Option(names = "--known-failures", paramLabel = "FILE",
            description = "Rules the implementation is known to fail, one 'RULE-ID  reason' a line. Their "
                    + "failures do not fail the run; a listed rule that passes is reported as stale.")
    private Path knownFailures;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run the selection N times, to hunt flaky behaviour. Default: ${DEFAULT-VALUE}.")
    private int repeat;

    @Option(names = "--unresponsive-limit", paramLabel = "N", defaultValue = "5",
            description = "After N consecutive scenarios in which the implementation did not answer in time, the "
                    + "remaining scenarios are not run and the run fails. Default: ${DEFAULT-VALUE}.")
    private int unresponsiveLimit;

    @Option(names = "--list-rules",
            description = "Print the rules catalogue (ID, level, number of scenarios) and exit.")
    private boolean listRules;

    private final PrintStream out;
    private final PrintStream err;
    private ForkedRun run;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    TckCommand(PrintStream out, PrintStream err, Function<String, String> properties, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new ConfigurationException("--repeat must be at least 1, got " + repeat);
        }
        if (unresponsiveLimit < 1) {
            throw new ConfigurationException("--unresponsive-limit must be at least 1, got " + unresponsiveLimit);
        }
        Timeouts timeouts = TimeoutSettings.resolve(new TimeoutSettings.Flags(timeout, quiet, startupTimeout, timeoutFactor),
                properties, environment);
        List<String> driverLine = driverCommandLine();
        ImplementationJars jars = ImplementationJars.check(implJars);
        features.forEach(path -> requireDirectory("--features", path));
        if (knownFailures != null && !Files.isRegularFile(knownFailures)) {
            throw new ConfigurationException("--known-failures: no such file: " + knownFailures);
        }
        if (Files.exists(reports) && !Files.isDirectory(reports)) {
            throw new ConfigurationException("--reports: not a directory: " + reports);
        }
        if (reports.toAbsolutePath().toString().contains(",")) {
            throw new ConfigurationException("--reports: the folder must not contain a comma: " + reports);
        }
        RuleCatalog catalog = RuleCatalog.load(TckCommand.class.getClassLoader(), RuleCatalog.BUNDLED_RESOURCE);
        if (listRules) {
            listRules(catalog, TckRun.builder().catalog(catalog).featureDirectories(features).build().discover());
            return 0;
        }
        KnownFailures known = knownFailures == null ? KnownFailures.none() : KnownFailures.read(knownFailures, catalog);
        String selection = TagSelection.combine(tags, rules, catalog);
        RunOptions options = new RunOptions(impl, abs(jars.paths()), List.copyOf(jars.providerClasses()), driverLine, timeouts,
                abs(features), selection, reports.toAbsolutePath(), knownFailures == null ? null : knownFailures.toAbsolutePath(),
                repeat, unresponsiveLimit);
        run = new ForkedRun(options, catalog, known, out, err, stallLimit(timeouts));
        return run.run();
    }

    /** The results of the run this command made, if it made one and judged it. */
    Optional<RunResults> results() {
        return run == null ? Optional.empty() : run.results();
    }

    /**
     * How long the run may record nothing before it is stopped as wedged: the system property
     * {@value #STALL_LIMIT_PROPERTY} if set, else twice the longest a single wait may last. Every wait of the
     * TCK is bounded well within it; this is the last resort, for a JVM that stopped altogether.
     */
    private Duration stallLimit(Timeouts timeouts) {
        String property = properties.apply(STALL_LIMIT_PROPERTY);
        if (property != null && !property.isBlank()) {
            try {
                return TimeoutSettings.parseDuration(property);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("system property " + STALL_LIMIT_PROPERTY + ": " + e.getMessage());
            }
        }
        Duration longest = timeouts.progressCeiling().compareTo(timeouts.startup()) > 0 ? timeouts.progressCeiling() : timeouts.startup();
        return longest.multipliedBy(2);
    }

    private static List<Path> abs(List<Path> paths) {
        return paths.stream().map(Path::toAbsolutePath).toList();
    }

    /** A hint for a bundled driver that would not start: where its Python comes from. */
    static String driverHint(List<String> command) {
        return command.size() >= 2 && command.get(1).contains("asyncio_driver")
                ? "\n(the bundled drivers run with --python PATH, else $" + PYTHON_ENV + ", else "
                + BundledPythonDriver.DEFAULT_PYTHON + ")" : "";
    }

    /**
     * The command line of {@code --driver}: a named driver's, or the option split as a shell would;
     * null without {@code --driver}.
     */
    private List<String> driverCommandLine() {
        boolean named = driverCommand != null && BundledPythonDriver.isNamed(driverCommand);
        if (python != null && !named) {
            throw new ConfigurationException("--python applies to the bundled drivers only: --driver "
                    + String.join(", ", BundledPythonDriver.LOOPS) + " or python:MODULE:CALLABLE");
        }
        if (driverCommand == null) {
            return null;
        }
        if (impl != null || !implJars.isEmpty()) {
            throw new ConfigurationException("--driver and --impl/--impl-jar are mutually exclusive: --driver tests "
                    + "an implementation in other processes, --impl and --impl-jar one in the TCK's JVM");
        }
        if (named) {
            String interpreter = python != null ? python
                    : Optional.ofNullable(environment.apply(PYTHON_ENV)).filter(value -> !value.isBlank())
                    .orElse(BundledPythonDriver.DEFAULT_PYTHON);
            try {
                return BundledPythonDriver.command(interpreter, driverCommand);
            } catch (IllegalStateException e) {
                throw new ConfigurationException("--driver " + driverCommand + ": " + e.getMessage(), e);
            }
        }
        List<String> words;
        try {
            words = ShellWords.split(driverCommand);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--driver: " + e.getMessage(), e);
        }
        if (words.isEmpty()) {
            throw new ConfigurationException("--driver: the command is empty");
        }
        return words;
    }

    private void listRules(RuleCatalog catalog, Discovery discovery) {
        out.printf("%-7s %-18s %-9s %s%n", "RULE", "LEVEL", "SCENARIOS", "TITLE");
        for (Rule rule : catalog.rules()) {
            out.printf("%-7s %-18s %9d %s%n", rule.id(), rule.level().label(), discovery.scenarioCount(rule.id()),
                    rule.title());
        }
        String levels = Arrays.stream(RuleLevel.values())
                .map(level -> catalog.rules().stream().filter(r -> r.level() == level).count() + " " + level.label())
                .collect(Collectors.joining(", "));
        out.println(catalog.size() + " rules (" + levels + "); " + discovery.scenarios() + " scenarios");
        discovery.scenariosByRule().keySet().stream().filter(id -> !catalog.contains(id)).sorted()
                .forEach(id -> out.println("warning: " + discovery.scenarioCount(id) + " scenario(s) tagged with "
                        + id + ", which is not in RULES.md"));
        out.flush();
    }

    private static void requireExists(String option, Path path) {
        if (!Files.exists(path)) {
            throw new ConfigurationException(option + ": no such file: " + path);
        }
    }

    private static void requireDirectory(String option, Path path) {
        if (!Files.isDirectory(path)) {
            throw new ConfigurationException(option + ": not a directory: " + path);
        }
    }
}
