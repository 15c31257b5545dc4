package io.asynciotck.tck.runner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the fixture features (src/test/resources/runner-fixture) with the fixture glue, end to end. */
class TckRunTest {

    private static final String FEATURES = "runner-fixture/features";
    private static final String GLUE = "io.asynciotck.tck.runner.fixture";

    @TempDir
    Path reports;

    private final RuleCatalog catalog = RuleCatalog.load(getClass().getClassLoader(), "runner-fixture/RULES.md");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
    }

    private TckRun.Builder fixture() {
        return TckRun.builder().glue(GLUE).classpathFeatures(List.of(FEATURES)).catalog(catalog)
                .reportDirectory(reports).implementationName("fixture");
    }

    private static Map<String, RuleStatus> statuses(RunResults results) {
        return results.rules().stream().collect(Collectors.toMap(RuleResult::id, RuleResult::status));
    }

    @Test
    void runsTheFixtureAndEvaluatesEveryRule() throws Exception {
        RunResults results = fixture().build().run();

        assertThat(results.counts()).isEqualTo(new ScenarioCounts(3, 2, 1));
        assertThat(statuses(results)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AA-1", RuleStatus.PASSED,
                "AA-2", RuleStatus.FAILED,
                "AA-3", RuleStatus.ABORTED,
                "AA-4", RuleStatus.NO_SCENARIO,
                "AA-5", RuleStatus.FAILED,
                "AA-6", RuleStatus.PASSED));
        RuleResult aborted = results.rules().get(2);
        assertThat(aborted.statusText()).isEqualTo("aborted (capability udp missing)");
        assertThat(results.rules().get(4).scenarioNames()).containsExactly("an outline");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
        assertThat(results.verdict().reason()).isEqualTo("required rule failed: AA-2");

        assertThat(reports.resolve("cucumber.json")).isNotEmptyFile();
        assertThat(reports.resolve("cucumber.html")).isNotEmptyFile();
        assertThat(reports.resolve("junit.xml")).isNotEmptyFile();
        String report = Files.readString(reports.resolve("conformance.md"));
        assertThat(report)
                .startsWith("# Conformance report: fixture")
                .contains("| AA-2 | required | a failing scenario | **FAILED (1 of 1 scenarios failed)** |")
                .contains("| AA-4 | informative | _Nothing to test._ | no scenario |")
                .contains("### AA-2: a failing scenario (runner-fixture/features/sample.feature:9)")
                .contains("Rule AA-2: Timed out waiting for pause_writing");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("FAIL  Runner fixture: 3 passed, 2 failed, 1 skipped");
    }

    @Test
    void knownFailuresAreExcusedAndStaleOnesReported() {
        KnownFailures known = KnownFailures.parse("AA-1  fixed since\nAA-2  issue #12\n", "known.txt", catalog);

        RunResults results = fixture().knownFailures(known).build().run();

        assertThat(statuses(results)).containsEntry("AA-1", RuleStatus.STALE_KNOWN_FAILURE)
                .containsEntry("AA-2", RuleStatus.KNOWN_FAILURE);
        // AA-5 fails too, but it is platform-specific: reported, not gating.
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void deselectedRulesAreNotRun() {
        RunResults results = fixture().tagExpression("not @deselected").build().run();

        assertThat(statuses(results)).containsEntry("AA-6", RuleStatus.NOT_RUN).containsEntry("AA-4", RuleStatus.NO_SCENARIO);
        assertThat(results.rules().get(5).scenarioNames()).containsExactly("a deselected scenario");
        assertThat(results.counts().total()).isEqualTo(5);
    }

    @Test
    void aSelectionOfNothingIsNeverGreen() {
        RunResults results = fixture().tagExpression("@nothing").build().run();

        assertThat(results.counts().total()).isZero();
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.NOTHING_RAN);
        assertThat(reports.resolve("conformance.md")).content().contains("NOTHING RAN");
    }

    @Test
    void repeatsTheSelectionAndReportsEveryIteration() throws Exception {
        Files.createDirectories(reports.resolve("iteration-7"));
        Files.writeString(reports.resolve("iteration-7").resolve("cucumber.json"), "[] from an earlier run");
        Files.writeString(reports.resolve("cucumber.json"), "[] from an earlier run");

        RunResults results = fixture().tagExpression("@AA-1 or @AA-2").iterations(3).build().run();

        assertThat(results.countsByIteration()).hasSize(3)
                .allSatisfy((iteration, counts) -> assertThat(counts).isEqualTo(new ScenarioCounts(1, 1, 0)));
        assertThat(results.rules().get(1).failedIterations()).containsExactly(1, 2, 3);
        assertThat(results.rules().get(1).detail()).isEqualTo("failed in iteration 1, 2, 3 of 3");
        assertThat(reports.resolve("iteration-2").resolve("cucumber.json")).isNotEmptyFile();
        assertThat(reports.resolve("iteration-7")).doesNotExist();
        assertThat(reports.resolve("cucumber.json")).doesNotExist();
        assertThat(reports.resolve("conformance.md")).content().contains("Iterations | 3");
    }

    @Test
    void extraFeatureFoldersRunAndTheirMistakesFailTheRun() throws URISyntaxException {
        Path extra = Path.of(getClass().getClassLoader().getResource("runner-fixture/extra").toURI());

        RunResults results = fixture().classpathFeatures(List.of()).featureDirectories(List.of(extra)).build().run();

        assertThat(results.counts()).isEqualTo(new ScenarioCounts(1, 1, 0));
        assertThat(results.unknownRuleTags()).containsOnlyKeys("ZZ-9");
        assertThat(results.untracedFailures()).extracting(ScenarioResult::name)
                .containsExactly("a failing scenario without rule");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
        assertThat(results.verdict().reason())
                .contains("scenarios tagged with rules missing from RULES.md: ZZ-9")
                .contains("1 failed scenario(s) tagged with no rule");
    }

    @Test
    void aFeatureFileThatDoesNotParseIsAConfigurationError() {
        TckRun run = fixture().classpathFeatures(List.of("runner-fixture/broken")).build();

        assertThatThrownBy(run::run).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Failed to parse resource at: ")
                .hasMessageEndingWith("runner-fixture/broken/broken.feature");
    }

    @Test
    void discoveryCountsScenariosPerRuleWithoutRunning() {
        Discovery discovery = fixture().build().discover();

        assertThat(discovery.scenarios()).isEqualTo(6);
        Function<String, Integer> count = discovery::scenarioCount;
        assertThat(List.of("AA-1", "AA-2", "AA-3", "AA-4", "AA-5", "AA-6")).map(count).containsExactly(1, 1, 1, 0, 2, 1);
        assertThat(reports).isEmptyDirectory();
    }

    @Test
    void everyFailureHasItsKindAndAScenarioWithoutStepsIsAnError() {
        RunResults results = fixture().classpathFeatures(List.of("runner-fixture/kinds")).build().run();

        Map<String, ScenarioResult> byName = results.scenarios().stream()
                .collect(Collectors.toMap(ScenarioResult::name, Function.identity()));
        assertThat(byName.get("an assertion fails").kind()).isEqualTo(FailureKind.ASSERTION);
        assertThat(byName.get("a wait times out").kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(byName.get("the implementation does not answer").kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(byName.get("the driver fails").kind()).isEqualTo(FailureKind.ERROR);
        assertThat(byName.get("the driver fails").message()).isEqualTo("The driver [python3] exited unexpectedly");
        assertThat(byName.get("the glue throws").kind()).isEqualTo(FailureKind.ERROR);
        assertThat(byName.get("the glue throws").message())
                .startsWith("java.lang.IllegalStateException: a bug in the glue").contains("\n    at ");
        assertThat(byName.get("a step is undefined").kind()).isEqualTo(FailureKind.ERROR);
        assertThat(byName.get("a step is undefined").message()).isEqualTo("undefined step: Given a step nobody wrote");
        assertThat(byName.get("no steps at all").outcome()).isEqualTo(ScenarioOutcome.FAILED);
        assertThat(byName.get("no steps at all").kind()).isEqualTo(FailureKind.ERROR);
        assertThat(byName.get("no steps at all").message()).isEqualTo("The scenario has no steps: it proves nothing.");
        assertThat(byName.get("not run").outcome()).isEqualTo(ScenarioOutcome.NOT_RUN);
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
        assertThat(results.verdict().reason()).startsWith("implementation unresponsive: 1 scenario not run");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("FAIL  Failure kinds: 0 passed, 7 failed, 0 skipped, 1 not run");
    }

    @Test
    void aKnownFailureExcusesOnlyTheKindOfFailureItExpects() throws Exception {
        KnownFailures known = KnownFailures.parse("AA-2  the documented divergence\n", "known.txt", catalog);

        RunResults results = fixture().classpathFeatures(List.of("runner-fixture/kinds")).tagExpression("@AA-2")
                .knownFailures(known).build().run();

        assertThat(results.counts()).isEqualTo(new ScenarioCounts(0, 6, 0, 1, 0, 0));
        RuleResult rule = results.rules().get(1);
        assertThat(rule.status()).isEqualTo(RuleStatus.FAILED);
        assertThat(rule.detail()).contains("6 not excused by known.txt: it failed with a timeout, and AA-2 expects an assertion failure")
                .contains("it failed with an error");
        assertThat(Files.readString(reports.resolve("junit.xml")))
                .contains("<skipped message=\"Known failure, excused by AA-2 in known.txt: the documented divergence")
                .contains("tests=\"7\" skipped=\"1\"")
                .contains("name=\"Failure kinds - [AA-2] an assertion fails\"");
    }

    @Test
    void progressLinesJudgeKnownFailuresAsTheVerdictDoes() {
        KnownFailures known = KnownFailures.parse("AA-2  issue #12\nAA-5  quirk\n", "known.txt", catalog);

        fixture().knownFailures(known).tagExpression("not @AA-3").build().run();

        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("PASS  Runner fixture: 3 passed, 0 failed, 0 skipped, 2 known failures");
    }
}
