package io.asynciotck.tck.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of the console output: the rules that need attention one a line (failed, aborted, known and
 * stale known failures), how often each flaky entry's scenarios failed, the errors, the totals and the
 * verdict, then the last line, {@code N passed, N failed, N skipped} and the excused and not run ones
 * when there are any (scenario executions, see {@link ScenarioCounts}). Messages are cut to their first
 * line: the full text is in the conformance report.
 */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    /** @param reports where the reports are (folders or files), empty not to say */
    public static void print(RunResults results, PrintStream out, List<Path> reports) {
        out.println();
        for (RuleResult rule : results.rules()) {
            switch (rule.status()) {
                case FAILED -> {
                    line(out, "FAILED", rule, rule.detail() + (rule.rule().level().gates() ? "" : ", not gating"));
                    rule.failures().stream().collect(Collectors.toMap(ScenarioResult::displayName,
                                    ScenarioResult::headline, (a, b) -> a, LinkedHashMap::new))
                            .forEach((name, headline) -> out.println("      - " + name + ": " + headline));
                }
                case ABORTED -> line(out, "aborted", rule, rule.detail());
                case KNOWN_FAILURE -> line(out, "known failure", rule, rule.detail());
                case STALE_KNOWN_FAILURE -> line(out, "STALE", rule, rule.detail() + ": remove the entry");
                default -> {
                }
            }
        }
        for (RunResults.FlakyTally tally : results.flakyTallies()) {
            String level = results.rules().stream().filter(r -> r.id().equals(tally.entry().ruleId()))
                    .map(r -> r.rule().level().label()).findFirst().orElse("");
            out.printf("%-14s %-6s %-17s %s%n", "flaky", tally.entry().ruleId(), level,
                    tally.entry() + ": failed " + tally.failures() + " of " + tally.runs() + " runs, as declared");
        }
        List<ScenarioResult> notRun = results.notRun();
        if (!notRun.isEmpty()) {
            out.println("ERROR  " + notRun.size() + " scenario(s) not run: " + notRun.get(0).headline());
        }
        results.unknownRuleTags().forEach((id, scenarios) -> scenarios.stream().map(ScenarioResult::displayName)
                .distinct().forEach(name -> out.println("ERROR  " + name + " is tagged with rule " + id
                        + ", which is not in RULES.md")));
        for (ScenarioResult scenario : results.untracedFailures()) {
            out.println("ERROR  " + scenario.displayName() + " failed and is tagged with no rule: " + scenario.headline());
        }
        for (String error : results.runErrors()) {
            out.println("ERROR  outside the scenarios: " + error.lines().findFirst().orElse(""));
        }
        out.println("Rules: " + ConformanceReport.ruleTotals(results));
        if (results.description().iterations() > 1) {
            for (Map.Entry<Integer, ScenarioCounts> iteration : results.countsByIteration().entrySet()) {
                out.println("Iteration " + iteration.getKey() + " of " + results.description().iterations() + ": "
                        + iteration.getValue());
            }
        }
        if (!reports.isEmpty()) {
            out.println("Reports: " + reports.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        Verdict verdict = results.verdict();
        out.println("Verdict: " + verdict.label() + ": " + verdict.reason() + " (exit code " + verdict.exitCode() + ")");
        out.println(results.counts());
        out.flush();
    }

    private static void line(PrintStream out, String status, RuleResult rule, String detail) {
        out.printf("%-14s %-6s %-17s %s%n", status, rule.id(), rule.rule().level().label(), detail == null ? "" : detail);
    }
}
