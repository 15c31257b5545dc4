package io.asynciotck.selftest;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.runner.Rule;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RuleLevel;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.ScenarioOutcome;
import io.asynciotck.tck.runner.ScenarioResult;
import io.asynciotck.tck.runner.TckRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the TCK against each broken implementation of {@link Mutants#ALL} and checks that the run
 * fails on the rule it breaks, and only on it (or on the rules of its documented superset). Writes
 * {@code target/bite-report.md}: for every rule, the broken implementations whose run its scenarios
 * failed, and the required rules that no broken implementation proves yet.
 *
 * <p>Each runs the scenarios that can see its change ({@link BrokenImplementation#selection()}): those of
 * the kinds of transport it changes. They run {@link #PARALLELISM} at a time, each on its own thread with
 * its own {@link RunContext}; {@code -Dselftest.rules=FC-1,WT-6} runs those rules' only.
 */
class BrokenImplementationsTest {

    /** A bound on one run, which only a hanging run reaches: its scenarios are themselves bounded. */
    private static final java.time.Duration RUN_LIMIT = java.time.Duration.ofMinutes(3);
    private static final Path REPORTS = Path.of("target", "selftest-reports");
    private static final RuleCatalog CATALOG = RuleCatalog.load(BrokenImplementationsTest.class.getClassLoader(),
            RuleCatalog.BUNDLED_RESOURCE);
    /** Broken implementation name → the rules whose scenarios failed in its run. */
    private static final Map<String, Set<String>> FAILED_RULES = new ConcurrentHashMap<>();

    /**
     * How many broken implementations run at once ({@code -Dselftest.parallelism}). Their runs spend most
     * of their time waiting (for a timeout, a quiet period, a child process), so more than the cores.
     */
    private static final int PARALLELISM = Integer.getInteger("selftest.parallelism",
            Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    private static ExecutorService runs;
    private static Path features;

    @BeforeAll
    static void startRuns() {
        features = FeaturesOnDisk.of(Path.of("target", "features").toAbsolutePath());
        AtomicInteger threads = new AtomicInteger();
        runs = Executors.newFixedThreadPool(PARALLELISM, task -> {
            Thread thread = new Thread(task, "selftest-run-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stopRuns() {
        runs.shutdownNow();
    }

    @TestFactory
    List<DynamicTest> eachBrokenImplementationFailsOnTheRuleItBreaks() {
        Map<BrokenImplementation, Future<RunResults>> started = new LinkedHashMap<>();
        selected().forEach(broken -> started.put(broken, runs.submit(() -> run(broken))));
        return started.entrySet().stream()
                .map(run -> DynamicTest.dynamicTest(run.getKey().breaks() + ": " + run.getKey().change(),
                        () -> check(run.getKey(), resultOf(run.getValue()))))
                .toList();
    }

    /**
     * The broken implementations of the rules named by {@code -Dselftest.rules=FC-1,WT-6} (to work on a
     * few), else all of them.
     */
    private static List<BrokenImplementation> selected() {
        String rules = System.getProperty("selftest.rules", "").trim();
        if (rules.isEmpty()) {
            return Mutants.ALL;
        }
        Set<String> wanted = Set.of(rules.split("\\s*,\\s*"));
        return Mutants.ALL.stream().filter(broken -> wanted.contains(broken.breaks())).toList();
    }

    /** The run's results; what ended it otherwise (an aborted test among them) as itself. */
    private static RunResults resultOf(Future<RunResults> run) throws Exception {
        try {
            return run.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void check(BrokenImplementation broken, RunResults results) {
        List<ScenarioResult> failed = results.scenarios().stream()
                .filter(s -> s.outcome() == ScenarioOutcome.FAILED && results.excusedBy(s).isEmpty()).toList();
        Set<String> failedRules = failed.stream().flatMap(s -> s.ruleIds().stream()).collect(Collectors.toCollection(TreeSet::new));
        FAILED_RULES.put(broken.name(), failedRules);

        if (broken.escapes() != null) {
            assertThat(failedRules).as(broken + " was an escape (" + broken.escapes() + "), but the TCK now catches "
                    + "it: remove escapes()").doesNotContain(broken.breaks());
            return;
        }
        assertThat(failedRules).as(broken + ": the TCK must fail a scenario of " + broken.breaks())
                .contains(broken.breaks());
        Set<String> allowed = new TreeSet<>(broken.alsoBreaks());
        allowed.add(broken.breaks());
        List<String> unexpected = failed.stream()
                .filter(s -> s.ruleIds().stream().noneMatch(allowed::contains))
                .map(s -> s.name() + " " + s.ruleIds() + ": " + s.message().lines().findFirst().orElse(""))
                .toList();
        assertThat(unexpected).as(broken + ": scenarios of other rules failed (document them in alsoBreaks() if right)")
                .isEmpty();
    }

    private static RunResults run(BrokenImplementation broken) {
        Timeouts timeouts = new Timeouts(broken.arrivalTimeout(), Timeouts.DEFAULT_QUIET);
        try (Driver driver = broken.driver(timeouts)) {
            return RunContext.runWith(new RunContext(driver, timeouts),
                    () -> TckRun.builder().classpathFeatures(List.of())
                            .featureDirectories(List.of(features)).catalog(CATALOG).knownFailures(broken.knownFailures(CATALOG))
                            .tagExpression(broken.selection())
                            .reportDirectory(REPORTS.resolve(broken.name())).implementationName(broken.name())
                            .build().run());
        }
    }

    @AfterAll
    static void writeBiteReport() throws IOException {
        Map<String, List<String>> provedBy = new TreeMap<>();
        for (BrokenImplementation broken : selected()) {
            Set<String> failed = FAILED_RULES.getOrDefault(broken.name(), Set.of());
            if (broken.escapes() == null && failed.contains(broken.breaks())) {
                provedBy.computeIfAbsent(broken.breaks(), k -> new ArrayList<>()).add(broken.name() + " (" + broken.change() + ")");
            }
        }
        StringBuilder md = new StringBuilder("# Do the scenarios bite?\n\n")
                .append("Each broken implementation is the reference (or, for rules the Java API cannot let it break, ")
                .append("CPython's asyncio) with one rule broken (`selftest/`, `Mutants`); the TCK ran against it with ")
                .append("the scenarios of the kinds of transport it changes.\n\n")
                .append("| rule | level | proved by |\n|---|---|---|\n");
        List<String> gaps = new ArrayList<>();
        for (Rule rule : CATALOG.rules()) {
            List<String> proofs = provedBy.getOrDefault(rule.id(), List.of());
            if (rule.level() == RuleLevel.REQUIRED && proofs.isEmpty()) {
                gaps.add(rule.id());
            }
            if (rule.level() == RuleLevel.REQUIRED || !proofs.isEmpty()) {
                md.append("| ").append(rule.id()).append(" | ").append(rule.level().label()).append(" | ")
                        .append(proofs.isEmpty() ? "**none yet**" : String.join("<br>", proofs)).append(" |\n");
            }
        }
        md.append("\n## What each broken implementation failed\n\n| broken implementation | breaks | scenarios of these rules failed | why the others too |\n|---|---|---|---|\n");
        for (BrokenImplementation broken : selected()) {
            md.append("| ").append(broken.name()).append(" | ").append(broken.breaks()).append(" | ")
                    .append(String.join(", ", FAILED_RULES.getOrDefault(broken.name(), Set.of()))).append(" | ")
                    .append(broken.escapes() != null ? "**escapes**: " + broken.escapes()
                            : broken.whyAlso() == null ? "" : broken.whyAlso()).append(" |\n");
        }
        md.append("\nRequired rules with no broken implementation yet (").append(gaps.size()).append(" of ")
                .append(CATALOG.rules().stream().filter(r -> r.level() == RuleLevel.REQUIRED).count()).append("): ")
                .append(String.join(", ", gaps)).append("\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "bite-report.md"), md);
        System.out.println(md);
    }
}
