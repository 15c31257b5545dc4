package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit code policy, on results built by hand. */
class VerdictTest {

    private final RuleCatalog catalog = RuleCatalog.parse("""
            | RQ-1 | required | a |
            | RQ-2 | required | b |
            | PS-1 | platform-specific | c |
            | IN-1 | informative | d |
            """, "RULES.md");

    private RunResults run(ScenarioResult... scenarios) {
        return Results.of(catalog, KnownFailures.none(), scenarios);
    }

    @Test
    void allRequiredRulesPassingIsGreen() {
        RunResults results = run(Results.passed("a", "@RQ-1"), Results.passed("b", "@RQ-2"));

        assertThat(results.verdict()).isEqualTo(new Verdict(0, "every required rule that ran passed"));
    }

    @Test
    void aRequiredRuleFailingFailsTheRun() {
        RunResults results = run(Results.passed("a", "@RQ-1"), Results.failed("b", "@RQ-2", "@PS-1"));

        assertThat(results.verdict()).isEqualTo(new Verdict(1, "required rule failed: RQ-2"));
        assertThat(results.rules().get(1).statusText()).isEqualTo("FAILED (1 of 1 scenarios failed)");
    }

    @Test
    void manyFailedRulesAreAbbreviated() {
        RuleCatalog many = RuleCatalog.parse(IntStream.rangeClosed(1, 12)
                .mapToObj(i -> "| RQ-" + i + " | required | r |").collect(Collectors.joining("\n")), "RULES.md");
        ScenarioResult[] failures = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> Results.failed("s" + i, "@RQ-" + i)).toArray(ScenarioResult[]::new);

        assertThat(Results.of(many, KnownFailures.none(), failures).verdict().reason())
                .isEqualTo("12 required rules failed: RQ-1, RQ-2, RQ-3, RQ-4, RQ-5, RQ-6, RQ-7, RQ-8, RQ-9, RQ-10 and 2 more");
    }

    @Test
    void aScopedKnownFailureExcusesOnlyTheScenariosWithItsTag() {
        KnownFailures known = KnownFailures.parse("RQ-1@tls  counts encrypted bytes\n", "known.txt", catalog);

        RunResults excused = Results.of(catalog, known,
                Results.passed("over tcp", "@RQ-1"), Results.failed("over tls", "@RQ-1", "@tls"));
        assertThat(excused.rules().get(0).status()).isEqualTo(RuleStatus.KNOWN_FAILURE);
        assertThat(excused.verdict().exitCode()).isEqualTo(Verdict.PASSED);

        RunResults notCovered = Results.of(catalog, known,
                Results.failed("over tcp", "@RQ-1"), Results.failed("over tls", "@RQ-1", "@tls"));
        assertThat(notCovered.rules().get(0).status()).isEqualTo(RuleStatus.FAILED);
        assertThat(notCovered.rules().get(0).statusText()).contains("1 not excused by known.txt: no entry covers them");

        RunResults stale = Results.of(catalog, known,
                Results.passed("over tcp", "@RQ-1"), Results.passed("over tls", "@RQ-1", "@tls"));
        assertThat(stale.rules().get(0).status()).isEqualTo(RuleStatus.STALE_KNOWN_FAILURE);

        RunResults scopeNotRun = Results.of(catalog, known, Results.passed("over tcp", "@RQ-1"));
        assertThat(scopeNotRun.rules().get(0).status()).as("no @tls scenario ran: nothing says the entry is stale")
                .isEqualTo(RuleStatus.PASSED);
    }

    @Test
    void otherLevelsAreReportedButDoNotGate() {
        RunResults results = run(Results.passed("a", "@RQ-1"), Results.failed("b", "@PS-1"), Results.failed("c", "@IN-1"));

        assertThat(results.rulesWith(RuleStatus.FAILED)).extracting(RuleResult::id).containsExactly("PS-1", "IN-1");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aKnownFailureIsExcused() {
        KnownFailures known = KnownFailures.parse("RQ-2 issue #3\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known, Results.passed("a", "@RQ-1"), Results.failed("b", "@RQ-2"));

        assertThat(results.verdict()).isEqualTo(new Verdict(0, "every required rule that ran passed (1 known failure excused)"));
    }

    @Test
    void aStaleKnownFailureIsReportedWithoutFailingTheRun() {
        KnownFailures known = KnownFailures.parse("RQ-1 flaky once\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known, Results.passed("a", "@RQ-1"));

        assertThat(results.rulesWith(RuleStatus.STALE_KNOWN_FAILURE)).extracting(RuleResult::id).containsExactly("RQ-1");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void nothingExecutedIsNeverGreen() {
        assertThat(run().verdict()).isEqualTo(new Verdict(3, "no scenario was executed"));
    }

    @Test
    void everythingAbortedIsNeverGreen() {
        RunResults results = run(Results.aborted("a", "capability udp missing", "@RQ-1"));

        assertThat(results.verdict()).isEqualTo(new Verdict(3, "every scenario was aborted"));
        assertThat(results.rules().get(0).statusText()).isEqualTo("aborted (capability udp missing)");
    }

    @Test
    void aRuleWithSomeScenariosAbortedPassesAndSaysSo() {
        RunResults results = run(Results.passed("tcp", "@RQ-1"), Results.aborted("udp", "capability udp missing", "@RQ-1"));

        assertThat(results.rules().get(0).statusText()).isEqualTo("passed (1 of 2 aborted: capability udp missing)");
    }

    @Test
    void anUnknownRuleTagFailsTheRun() {
        RunResults results = run(Results.passed("a", "@RQ-1"), Results.passed("b", "@XY-9"));

        assertThat(results.unknownRuleTags()).containsOnlyKeys("XY-9");
        assertThat(results.verdict()).isEqualTo(new Verdict(1, "scenarios tagged with rules missing from RULES.md: XY-9"));
    }

    @Test
    void aFailedScenarioWithoutRuleFailsTheRun() {
        RunResults results = run(Results.passed("a", "@RQ-1"), Results.failed("b", "@tcp"));

        assertThat(results.verdict()).isEqualTo(new Verdict(1, "1 failed scenario(s) tagged with no rule"));
    }

    @Test
    void aRunThatEndedBeforeItsFirstScenarioFailsRatherThanRanNothing() {
        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, List.of(),
                List.of("The TCK's JVM ended between scenarios"), RunDescription.unnamed());

        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
        assertThat(results.verdict().reason()).isEqualTo("no scenario was executed; 1 error(s) outside the scenarios");
    }

    @Test
    void anErrorOutsideTheScenariosFailsTheRun() {
        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, List.of(Results.passed("a", "@RQ-1")),
                List.of("BeforeAll hook failed"), RunDescription.unnamed());

        assertThat(results.verdict()).isEqualTo(new Verdict(1, "1 error(s) outside the scenarios"));
    }

    @Test
    void rulesWithoutExecutionAreNotRunOrWithoutScenarioDependingOnDiscovery() {
        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), Map.of("RQ-2", List.of("b")),
                List.of(Results.passed("a", "@RQ-1")), List.of(), RunDescription.unnamed());

        assertThat(results.rules()).extracting(RuleResult::status).containsExactly(
                RuleStatus.PASSED, RuleStatus.NOT_RUN, RuleStatus.NO_SCENARIO, RuleStatus.NO_SCENARIO);
        assertThat(results.rules().get(1).scenarioNames()).containsExactly("b");
    }

    @Test
    void aFailureInAnyIterationFailsTheRule() {
        URI feature = URI.create("classpath:features/flaky.feature");
        List<ScenarioResult> scenarios = List.of(
                new ScenarioResult(1, "flaky", feature, 3, List.of("@RQ-1"), ScenarioOutcome.PASSED, ""),
                new ScenarioResult(2, "flaky", feature, 3, List.of("@RQ-1"), ScenarioOutcome.FAILED, "Rule RQ-1: late"),
                new ScenarioResult(3, "flaky", feature, 3, List.of("@RQ-1"), ScenarioOutcome.PASSED, ""));

        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, scenarios, List.of(),
                new RunDescription("impl", null, 3));

        assertThat(results.rules().get(0).statusText()).isEqualTo("FAILED (failed in iteration 2 of 3)");
        assertThat(results.rules().get(0).failedIterations()).containsExactly(2);
        assertThat(results.countsByIteration()).containsExactly(
                Map.entry(1, new ScenarioCounts(1, 0, 0)),
                Map.entry(2, new ScenarioCounts(0, 1, 0)),
                Map.entry(3, new ScenarioCounts(1, 0, 0)));
        assertThat(results.counts()).hasToString("2 passed, 1 failed, 0 skipped");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
    }
}
