package io.asynciotck.tck.junit;

import io.asynciotck.tck.cli.TckMain;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RunDescription;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.ScenarioOutcome;
import io.asynciotck.tck.runner.ScenarioResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuleTestsTest {

    private final RuleCatalog catalog = RuleCatalog.parse("""
            | FC-1 | required | pause_writing() is called. |
            | FC-2 | required | resume_writing() is called. |
            | WT-3 | required | write() does not block. |
            | UD-1 | required | sendto() sends. |
            | TR-1 | informative | Transports are abstract. |
            | TR-2 | required | Nothing proves this one. |
            | WT-4 | required | Not selected. |
            """, "RULES.md");

    private int line = 1;

    @Test
    void eachRuleIsATestNamedAfterItThenTheVerdict() {
        RunResults results = evaluate(KnownFailures.none(), passed("FC-1"), passed("FC-2"));

        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(0, Optional.of(results)), ""));

        assertThat(outcomes).containsExactly(
                Map.entry("[FC-1] pause_writing() is called.", "passed"),
                Map.entry("[FC-2] resume_writing() is called.", "passed"),
                Map.entry("verdict: exit code 0", "passed"));
    }

    @Test
    void aRequiredRuleThatFailedFailsItsTestWithTheScenariosMessage() {
        RunResults results = evaluate(KnownFailures.none(), passed("FC-1"), failed("FC-2", "expected resume_writing"));

        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(1, Optional.of(results)), ""));

        assertThat(outcomes.get("[FC-2] resume_writing() is called.")).startsWith("failed: FC-2 (required) failed:")
                .contains("scenario of FC-2 (features/test.feature:", "expected resume_writing");
        assertThat(outcomes.get("verdict: exit code 1")).startsWith("failed: The TCK's verdict is exit code 1 (FAILED: required rule failed: FC-2)");
        assertThat(outcomes.get("[FC-1] pause_writing() is called.")).isEqualTo("passed");
    }

    @Test
    void whatTheVerdictExcusesIsAbortedWithTheReasonNeverFailedNorPassed() {
        KnownFailures known = KnownFailures.parse("FC-2@tls  the TLS layer buffers everything\n", "known.txt", catalog);
        RunResults results = evaluate(known, passed("FC-1"), failed("FC-2", "expected resume_writing", "@tls"),
                failed("TR-1", "not abstract"), scenario("UD-1", ScenarioOutcome.ABORTED, "capability udp missing"));

        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(0, Optional.of(results)), ""));

        assertThat(outcomes.get("[FC-2] resume_writing() is called.")).startsWith("aborted: known failure")
                .contains("@tls: the TLS layer buffers everything", "expected resume_writing");
        assertThat(outcomes.get("[TR-1] Transports are abstract.")).startsWith("aborted: TR-1 failed, but it is informative");
        assertThat(outcomes.get("[UD-1] sendto() sends.")).startsWith("aborted: aborted").contains("capability udp missing");
        assertThat(outcomes.get("verdict: exit code 0")).isEqualTo("passed");
    }

    @Test
    void rulesWithoutScenariosOrNotSelectedHaveNoTest() {
        RunResults results = evaluate(KnownFailures.none(), passed("FC-1"));

        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(0, Optional.of(results)), ""));

        assertThat(outcomes.keySet()).noneMatch(name -> name.startsWith("[TR-2]") || name.startsWith("[WT-4]"));
    }

    @Test
    void aRunThatNeverBeganIsOneFailedVerdictQuotingItsErrorOutput() {
        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(2, Optional.empty()),
                "tck: --impl: no event loop provider named 'nety'\n"));

        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get("verdict: exit code 2")).startsWith("failed: The TCK's verdict is exit code 2 (the run did not begin)")
                .contains("no event loop provider named 'nety'");
    }

    @Test
    void nothingRanIsAFailedVerdictEvenWithNoRuleFailed() {
        RunResults results = evaluate(KnownFailures.none(), scenario("FC-1", ScenarioOutcome.ABORTED, "capability tcp missing"));

        Map<String, String> outcomes = run(RuleTests.of(new TckMain.Outcome(3, Optional.of(results)), ""));

        assertThat(outcomes.get("verdict: exit code 3")).startsWith("failed: The TCK's verdict is exit code 3 (NOTHING RAN: every scenario was aborted)");
    }

    /** Each test's name and how it ended: passed, failed: message, aborted: message. */
    private static Map<String, String> run(List<DynamicTest> tests) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (DynamicTest test : tests) {
            String outcome;
            try {
                test.getExecutable().execute();
                outcome = "passed";
            } catch (AssertionFailedError e) {
                outcome = "failed: " + e.getMessage();
            } catch (TestAbortedException e) {
                outcome = "aborted: " + e.getMessage();
            } catch (Throwable e) {
                outcome = "error: " + e;
            }
            outcomes.put(test.getDisplayName(), outcome);
        }
        return outcomes;
    }

    private RunResults evaluate(KnownFailures known, ScenarioResult... scenarios) {
        Map<String, List<String>> discovered = new LinkedHashMap<>();
        for (String id : List.of("FC-1", "FC-2", "WT-3", "UD-1", "TR-1", "WT-4")) {
            discovered.put(id, List.of("scenario of " + id));
        }
        return RunResults.evaluate(catalog, known, discovered, List.of(scenarios), List.of(), RunDescription.unnamed());
    }

    private ScenarioResult passed(String rule) {
        return scenario(rule, ScenarioOutcome.PASSED, "");
    }

    private ScenarioResult failed(String rule, String message, String... moreTags) {
        List<String> tags = new java.util.ArrayList<>(List.of("@" + rule));
        tags.addAll(List.of(moreTags));
        return new ScenarioResult(1, "scenario of " + rule, URI.create("classpath:features/test.feature"), line++, tags,
                ScenarioOutcome.FAILED, "Rule " + rule + ": " + message);
    }

    private ScenarioResult scenario(String rule, ScenarioOutcome outcome, String message) {
        return new ScenarioResult(1, "scenario of " + rule, URI.create("classpath:features/test.feature"), line++,
                List.of("@" + rule), outcome, message);
    }
}
