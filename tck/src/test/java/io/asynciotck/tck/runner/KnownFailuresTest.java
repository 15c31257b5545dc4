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
        assertThat(KnownFailures.parse("WT-3@tls x\n", "k", catalog).excuses("WT-3", java.util.List.of("@WT-3"))).isFalse();
        assertThat(KnownFailures.parse("WT-3@tls x\n", "k", catalog).excuses("WT-3", java.util.List.of("@WT-3", "@tls"))).isTrue();
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
    void aListedRuleThatPassesIsStaleAndOneThatFailsIsExcused() {
        KnownFailures known = KnownFailures.parse("FC-1 fixed upstream?\nFC-2 issue #7\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known,
                Results.passed("p", "@FC-1"), Results.failed("f", "@FC-2"), Results.passed("w", "@WT-3"));

        assertThat(results.rules()).extracting(RuleResult::status)
                .containsExactly(RuleStatus.STALE_KNOWN_FAILURE, RuleStatus.KNOWN_FAILURE, RuleStatus.PASSED);
        assertThat(results.rules().get(0).detail()).isEqualTo("listed in known.txt but passed");
        assertThat(results.rules().get(1).detail()).isEqualTo("issue #7");
        assertThat(results.verdict().exitCode()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aListedRuleThatDidNotRunIsNotStale() {
        KnownFailures known = KnownFailures.parse("FC-1 issue #1\n", "known.txt", catalog);

        RunResults results = Results.of(catalog, known, Results.passed("w", "@WT-3"));

        assertThat(results.rules().get(0).status()).isEqualTo(RuleStatus.NOT_RUN);
    }
}
