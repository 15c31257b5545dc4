package io.asynciotck.tck.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * The exit code of a run and why. Only required rules gate: a failure of a platform-specific or
 * informative rule is reported, not fatal; a known failure is excused. What else fails a run: scenarios
 * not run because the implementation stopped answering, a scenario tagged with a rule ID missing from the
 * catalogue, a failed scenario that names no rule, an error outside the scenarios (the TCK's JVM ending
 * among them). A run in which no scenario passed or failed proved nothing and is never green.
 */
public record Verdict(int exitCode, String reason) {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;
    public static final int NOTHING_RAN = 3;

    private static final int LISTED = 10;

    public static Verdict of(RunResults results) {
        List<String> problems = new ArrayList<>();
        List<String> failedRules = results.rules().stream().filter(RuleResult::gates).map(RuleResult::id).toList();
        if (!failedRules.isEmpty()) {
            problems.add(failedRules.size() == 1 ? "required rule failed: " + failedRules.get(0)
                    : failedRules.size() + " required rules failed: " + abbreviated(failedRules));
        }
        long notRun = results.notRun().size();
        if (notRun > 0) {
            problems.add(0, "implementation unresponsive: " + notRun + " scenario" + (notRun == 1 ? "" : "s")
                    + " not run after it stopped answering");
        }
        if (!results.unknownRuleTags().isEmpty()) {
            problems.add("scenarios tagged with rules missing from RULES.md: "
                    + String.join(", ", results.unknownRuleTags().keySet()));
        }
        if (!results.untracedFailures().isEmpty()) {
            problems.add(results.untracedFailures().size() + " failed scenario(s) tagged with no rule");
        }
        if (!results.runErrors().isEmpty()) {
            problems.add(results.runErrors().size() + " error(s) outside the scenarios");
        }
        ScenarioCounts counts = results.counts();
        if (counts.executed() == 0) {
            String nothing = counts.skipped() == 0 ? "no scenario was executed" : "every scenario was aborted";
            if (notRun > 0 || !results.runErrors().isEmpty()) {
                problems.add(notRun > 0 ? 1 : 0, nothing);
                return new Verdict(FAILED, String.join("; ", problems));
            }
            problems.add(0, nothing);
            return new Verdict(NOTHING_RAN, String.join("; ", problems));
        }
        if (!problems.isEmpty()) {
            return new Verdict(FAILED, String.join("; ", problems));
        }
        long known = results.rulesWith(RuleStatus.KNOWN_FAILURE).size();
        long flaky = results.rulesWith(RuleStatus.FLAKY).size();
        List<String> excused = new ArrayList<>();
        if (known > 0) {
            excused.add(known + " known failure" + (known == 1 ? "" : "s"));
        }
        if (flaky > 0) {
            excused.add(flaky + " flaky rule" + (flaky == 1 ? "" : "s"));
        }
        return new Verdict(PASSED, "every required rule that ran passed"
                + (excused.isEmpty() ? "" : " (" + String.join(", ", excused) + " excused)"));
    }

    /** The first {@link #LISTED} IDs, and how many more. */
    private static String abbreviated(List<String> ids) {
        return ids.size() <= LISTED ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, LISTED)) + " and " + (ids.size() - LISTED) + " more";
    }

    /** {@code PASSED}, {@code FAILED} or {@code NOTHING RAN}. */
    public String label() {
        return switch (exitCode) {
            case PASSED -> "PASSED";
            case NOTHING_RAN -> "NOTHING RAN";
            default -> "FAILED";
        };
    }
}
