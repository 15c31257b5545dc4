package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceReportTest {

    private final RuleCatalog catalog = RuleCatalog.parse("""
            | FC-1 | required | a |
            | FC-2 | required | b |
            | UD-1 | required | c |
            | TR-1 | informative | d |
            """, "RULES.md");

    @Test
    void tabulatesEveryRuleAndQuotesEveryFailure() {
        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, List.of(
                        Results.passed("pause | resume", "@FC-1"),
                        Results.failed("late pause", "@FC-2"),
                        Results.aborted("datagrams", "capability udp missing", "@UD-1")),
                List.of(), new RunDescription("reference", "not @stance", 1));

        String report = ConformanceReport.render(results);

        assertThat(report)
                .startsWith("# Conformance report: reference\n")
                .contains("| Selection | `not @stance` |")
                .contains("| Verdict | **FAILED**: required rule failed: FC-2 (exit code 1) |")
                .contains("| Rules | 1 passed, 1 FAILED, 1 aborted, 1 not run (4 rules) |")
                .contains("| FC-1 | required | pause \\| resume | passed |")
                .contains("| FC-2 | required | late pause | **FAILED (1 of 1 scenarios failed)** |")
                .contains("| UD-1 | required | datagrams | aborted (capability udp missing) |")
                .contains("| TR-1 | informative |  | not run |")
                .containsPattern("### FC-2: late pause \\(features/test\\.feature:\\d+\\)\n\n```text\n"
                        + "Rule late pause: expected something\nRecorded callbacks: none\n```\n")
                .containsPattern("- datagrams \\(features/test\\.feature:\\d+\\) — UD-1: capability udp missing");
    }

    @Test
    void aMessageWithBackticksGetsALongerFence() {
        RunResults results = Results.of(catalog, KnownFailures.none(),
                Results.scenario(1, "odd", ScenarioOutcome.FAILED, "see ```code```", "@FC-1"));

        assertThat(ConformanceReport.render(results)).contains("````text\nsee ```code```\n````");
    }
}
