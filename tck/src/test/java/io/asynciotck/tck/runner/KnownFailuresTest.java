package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownFailuresTest {

    private final RuleCatalog catalog = RuleCatalog.parse("""
            | FC-1 | required | a |
            | FC-2 | required | b |
            | WT-3 | required | c |
            """, "RULES.md");

    @Test
    void readsIdsAndReasonsSkippingCommentsAndBlankLines() {
        KnownFailures known = KnownFailures.parse("""
                # our known failures

                FC-1  pause_writing is late, issue #42
                  WT-3	tabs work too
                """, "known.txt", catalog);

        assertThat(known.ruleIds()).containsExactly("FC-1", "WT-3");
        assertThat(known.reason("FC-1")).contains("pause_writing is late, issue #42");
        assertThat(known.reason("WT-3")).contains("tabs work too");
        assertThat(known.contains("FC-2")).isFalse();
        assertThat(known.source()).isEqualTo("known.txt");
    }

    @Test
    void anEntryMayBeScopedToTheScenariosOfATag() {
        KnownFailures known = KnownFailures.parse("FC-1@tls  counts encrypted bytes\nFC-1  late\n", "known.txt", catalog);

        assertThat(known.entries("FC-1")).extracting(KnownFailures.Entry::toString).containsExactly("FC-1@tls", "FC-1");
        assertThat(known.reason("FC-1")).contains("@tls: counts encrypted bytes; late");
        KnownFailures scoped = KnownFailures.parse("WT-3@tls x\n", "k", catalog);
        assertThat(scoped.excusing("WT-3", Results.failed("plain", "@WT-3"))).isEmpty();
        assertThat(scoped.excusing("WT-3", Results.failed("tls", "@WT-3", "@tls"))).isPresent();
        assertThatThrownBy(() -> KnownFailures.parse("FC-1@TLS x\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("FC-3@tls");
        assertThatThrownBy(() -> KnownFailures.parse("FC-1@tls x\nFC-1@tls y\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("listed twice");
    }

    @Test
    void aLineWithoutReasonIsAnError() {
        assertThatThrownBy(() -> KnownFailures.parse("FC-1\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("known.txt line 1: FC-1 has no reason; write 'RULE-ID  reason'");
    }

    @Test
    void anUnknownRuleIsAnError() {
        assertThatThrownBy(() -> KnownFailures.parse("# header\nXY-9 whatever\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("known.txt line 2: unknown rule XY-9 (not in RULES.md)");
    }

    @Test
    void somethingElseThanAnIdIsAnError() {
        assertThatThrownBy(() -> KnownFailures.parse("fc1 lower case\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("known.txt line 1: 'fc1' is not a rule ID (expected e.g. FC-3, or FC-3@tls for the rule's scenarios tagged @tls)");
    }

    @Test
    void aRuleListedTwiceIsAnError() {
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 a\nFC-1 b\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("known.txt line 2: FC-1 is listed twice");
    }

    @Test
    void anEntryScopedToARuntimeAppliesOnlyThereAndNeverGoesStaleElsewhere() {
        KnownFailures known = KnownFailures.parse("""
                FC-1 [on pypy-3.9]  the SSL layer of 3.9 calls no eof_received()
                FC-2 [on cpython]   every CPython
                FC-2 [on pypy-3.9.16] [timeout]  that PyPy only
                """, "known.txt", catalog);

        assertThat(known.entries("FC-1").get(0).toString()).isEqualTo("FC-1 [on pypy-3.9]");
        assertThat(known.forRuntime("pypy-3.9.16").entries("FC-1")).hasSize(1);
        assertThat(known.forRuntime("pypy-3.9").entries("FC-1")).hasSize(1);
        assertThat(known.forRuntime("pypy-3.10.2").entries("FC-1")).isEmpty();
        assertThat(known.forRuntime("pypy-3.90.1").entries("FC-1")).isEmpty();
        assertThat(known.forRuntime("cpython-3.11.2").entries("FC-2")).extracting(KnownFailures.Entry::reason).containsExactly("every CPython");
        assertThat(known.forRuntime("pypy-3.9.16").entries("FC-2")).extracting(KnownFailures.Entry::reason).containsExactly("that PyPy only");
        assertThat(known.forRuntime("java-17.0.15").all()).isEmpty();

        RunResults onCpython = Results.of(catalog, known.forRuntime("cpython-3.11.2"), Results.passed("p", "@FC-1"));
        assertThat(onCpython.rulesWith(RuleStatus.STALE_KNOWN_FAILURE)).isEmpty();
        RunResults onPypy = Results.of(catalog, known.forRuntime("pypy-3.9.16"), Results.failed("f", "@FC-1"));
        assertThat(onPypy.rulesWith(RuleStatus.KNOWN_FAILURE)).extracting(RuleResult::id).containsExactly("FC-1");
    }

    @Test
    void aRuntimeThatIsNoRuntimeIsAnError() {
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 [on PyPy 3.9] x\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a runtime");
    }

    @Test
    void aListedRuleThatPassesIsStaleAndOneThatFailsIsExcused() {
        KnownFailures known = KnownFailures.parse("FC-1 fixed upstream?\nFC-2 issue #7\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known,
                Results.passed("p", "@FC-1"), Results.failed("f", "@FC-2"), Results.passed("w", "@WT-3"));

        assertThat(results.rules()).extracting(RuleResult::status)
                .containsExactly(RuleStatus.STALE_KNOWN_FAILURE, RuleStatus.KNOWN_FAILURE, RuleStatus.PASSED);
        assertThat(results.rules().get(0).detail()).isEqualTo("FC-1 listed in known.txt but passed");
        assertThat(results.rules().get(1).detail()).isEqualTo("issue #7");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aListedRuleThatDidNotRunIsNotStale() {
        KnownFailures known = KnownFailures.parse("FC-1 issue #1\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known, Results.passed("w", "@WT-3"));

        assertThat(results.rules().get(0).status()).isEqualTo(RuleStatus.NOT_RUN);
    }

    @Test
    void anEntryExcusesAnAssertionFailureOnlyUnlessItSaysOtherwise() {
        KnownFailures plain = KnownFailures.parse("FC-1  late\n", "known.txt", catalog);
        ScenarioResult timeout = Results.failedWith("t", FailureKind.TIMEOUT, "Timed out after 5000 ms waiting for x", "@FC-1");
        ScenarioResult error = Results.failedWith("e", FailureKind.ERROR, "The driver exited unexpectedly", "@FC-1");

        assertThat(plain.excusing("FC-1", Results.failed("a", "@FC-1"))).isPresent();
        assertThat(plain.excusing("FC-1", timeout)).isEmpty();
        assertThat(plain.excusing("FC-1", error)).isEmpty();
        assertThat(plain.whyNotExcused("FC-1", timeout)).containsExactly(
                "it failed with a timeout, and FC-1 expects an assertion failure (add [timeout] to the entry if that is "
                        + "the documented behaviour)");

        KnownFailures timeouts = KnownFailures.parse("FC-1 [timeout]  never resumes\n", "known.txt", catalog);
        assertThat(timeouts.excusing("FC-1", timeout)).isPresent();
        assertThat(timeouts.excusing("FC-1", Results.failed("a", "@FC-1"))).isEmpty();
        assertThat(timeouts.entries("FC-1").get(0)).hasToString("FC-1 [timeout]");

        KnownFailures both = KnownFailures.parse("FC-1 [assertion] [error]  sometimes the driver dies\n", "known.txt", catalog);
        assertThat(both.excusing("FC-1", error)).isPresent();
        assertThat(both.excusing("FC-1", Results.failed("a", "@FC-1"))).isPresent();
        assertThat(both.excusing("FC-1", timeout)).isEmpty();
    }

    @Test
    void anEntryCanRequireItsFailureMessage() {
        KnownFailures known = KnownFailures.parse("FC-1@tls [/pause_writing.*B\\+33/]  counts encrypted bytes\n", "known.txt", catalog);
        ScenarioResult documented = Results.failedWith("d", FailureKind.ASSERTION, "Rule FC-1: pause_writing() at B+33", "@FC-1", "@tls");
        ScenarioResult other = Results.failedWith("o", FailureKind.ASSERTION, "Rule FC-1: connection_lost(None) came first", "@FC-1", "@tls");

        assertThat(known.excusing("FC-1", documented)).isPresent();
        assertThat(known.excusing("FC-1", other)).isEmpty();
        assertThat(known.whyNotExcused("FC-1", other)).containsExactly("its message does not match /pause_writing.*B\\+33/ of "
                + "FC-1@tls [/pause_writing.*B\\+33/]");
        assertThat(known.reason("FC-1")).contains("@tls [/pause_writing.*B\\+33/]: counts encrypted bytes");
    }

    @Test
    void aFlakyEntryMayPassOrFailAndIsCounted() {
        KnownFailures known = KnownFailures.parse("FC-1 [flaky]  a race, 2 runs in 10\nFC-2 [flaky] [timeout]  slow\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known,
                Results.passed("p1", "@FC-1"), Results.failed("f1", "@FC-1"), Results.passed("p2", "@FC-1"),
                Results.passed("p3", "@FC-2"));

        assertThat(results.rules().get(0).status()).isEqualTo(RuleStatus.FLAKY);
        assertThat(results.rules().get(0).detail()).startsWith("failed 1 of 3 runs, declared flaky in known.txt");
        assertThat(results.rules().get(1).status()).as("a flaky entry that passed is not stale").isEqualTo(RuleStatus.PASSED);
        assertThat(results.flakyTallies()).extracting(t -> t.entry().ruleId() + " " + t.failures() + "/" + t.runs())
                .containsExactly("FC-1 1/3", "FC-2 0/1");
        assertThat(results.counts()).isEqualTo(new ScenarioCounts(3, 0, 0, 0, 1, 0));
        assertThat(results.counts()).hasToString("3 passed, 0 failed, 0 skipped, 1 flaky failure");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
        assertThat(results.verdict().reason()).isEqualTo("every required rule that ran passed (1 flaky rule excused)");
    }

    @Test
    void aFlakyEntryStillExpectsItsKindOfFailure() {
        KnownFailures known = KnownFailures.parse("FC-1 [flaky]  a race\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known,
                Results.failedWith("t", FailureKind.TIMEOUT, "Timed out", "@FC-1"));

        assertThat(results.rules().get(0).status()).isEqualTo(RuleStatus.FAILED);
        assertThat(results.rules().get(0).detail()).contains("not excused by known.txt: it failed with a timeout");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aFlakyEntryCountsTheFailuresItExcusesEvenWhenAnotherRuleOfTheScenarioIsNamed() {
        KnownFailures known = KnownFailures.parse("FC-1 [flaky]  a race\nFC-2 [flaky]  the same race\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known, Results.failed("both", "@FC-1", "@FC-2"));

        assertThat(results.flakyTallies()).extracting(t -> t.entry().ruleId() + " " + t.failures() + "/" + t.runs())
                .containsExactly("FC-1 1/1", "FC-2 1/1");
    }

    @Test
    void badOptionsAreErrors() {
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 [sometimes] x\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("known.txt line 1: unknown option [sometimes] of FC-1 (the options are [flaky], [assertion], "
                        + "[timeout], [error], [on RUNTIME] or [/regex/])");
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 [/(/] x\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("known.txt line 1: the pattern of FC-1 is not a regular expression");
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 [/abc x\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessage("known.txt line 1: the pattern of FC-1 does not end with /]");
        assertThatThrownBy(() -> KnownFailures.parse("FC-1 [flaky]\n", "known.txt", catalog))
                .isInstanceOf(ConfigurationException.class).hasMessage("known.txt line 1: FC-1 has no reason; write 'RULE-ID  reason'");
    }

    @Test
    void aScenarioOfTwoRulesIsExcusedOnlyWhenBothRulesExcuseIt() {
        KnownFailures known = KnownFailures.parse("FC-1  late\n", "known.txt", catalog);
        ScenarioResult both = Results.failed("both", "@FC-1", "@FC-2");

        RunResults results = Results.of(catalog, known, both);

        assertThat(results.statusOf(results.scenarios().get(0))).isEqualTo(ScenarioStatus.FAILED);
        assertThat(results.rules().get(0).status()).isEqualTo(RuleStatus.KNOWN_FAILURE);
        assertThat(results.rules().get(1).status()).isEqualTo(RuleStatus.FAILED);
    }
}
