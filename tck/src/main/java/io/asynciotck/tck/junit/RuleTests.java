package io.asynciotck.tck.junit;

import io.asynciotck.tck.cli.TckMain;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleResult;
import io.asynciotck.tck.runner.RuleStatus;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.ScenarioResult;
import io.asynciotck.tck.runner.Verdict;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A judged run as JUnit tests: one per rule that has scenarios, named after it ({@code [FC-1] ...}), and
 * last the verdict. They agree with the command line's exit code: the verdict test fails exactly when the
 * jar would exit with anything but 0, and a rule's test fails exactly when that rule fails the verdict (a
 * required rule that failed, not excused). A known failure, a flaky rule that failed as declared, a
 * failure of a rule that does not gate (platform-specific, informative), a rule whose scenarios were all
 * aborted (a missing capability) or not run are aborted tests, with the reason: visible, never green by
 * omission, never red for what the verdict excuses.
 */
final class RuleTests {

    /** How many failed scenarios a rule's message quotes, and how many lines of each. */
    private static final int QUOTED_FAILURES = 5;
    private static final int QUOTED_LINES = 12;

    private RuleTests() {
    }

    /**
     * Rules without scenarios, and rules the selection did not choose, have no test.
     *
     * @param errorOutput what the run printed on its error stream: the reason of a bad configuration
     */
    static List<DynamicTest> of(TckMain.Outcome outcome, String errorOutput) {
        List<DynamicTest> tests = new ArrayList<>();
        outcome.results().ifPresent(results -> results.rules().stream()
                .filter(rule -> rule.status() != RuleStatus.NO_SCENARIO)
                .filter(rule -> !(rule.status() == RuleStatus.NOT_RUN && rule.executions().isEmpty()))
                .forEach(rule -> tests.add(DynamicTest.dynamicTest(name(rule), () -> check(rule, results)))));
        tests.add(DynamicTest.dynamicTest("verdict: exit code " + outcome.exitCode(), () -> verdict(outcome, errorOutput)));
        return tests;
    }

    static String name(RuleResult rule) {
        return "[" + rule.id() + "] " + rule.rule().title();
    }

    private static void check(RuleResult rule, RunResults results) {
        switch (rule.status()) {
            case PASSED, STALE_KNOWN_FAILURE -> {
                // a stale entry passed: the console and reports ask for its removal
            }
            case FAILED -> {
                if (rule.gates()) {
                    Assertions.fail(rule.id() + " (" + rule.rule().level().label() + ") failed:\n" + failures(rule, results));
                }
                throw new TestAbortedException(rule.id() + " failed, but it is " + rule.rule().level().label()
                        + " and does not gate the verdict:\n" + failures(rule, results));
            }
            case KNOWN_FAILURE, FLAKY -> throw new TestAbortedException(rule.statusText() + ": "
                    + excuses(rule, results.knownFailures()) + "\n" + failures(rule, results));
            case ABORTED, NOT_RUN -> throw new TestAbortedException(rule.statusText());
            case NO_SCENARIO -> throw new IllegalStateException("a rule without scenarios has no test");
        }
    }

    private static String excuses(RuleResult rule, KnownFailures known) {
        return known.entries(rule.id()).stream()
                .map(entry -> (entry.tag() == null ? "" : "@" + entry.tag() + ": ") + entry.reason())
                .collect(Collectors.joining("; "));
    }

    private static String failures(RuleResult rule, RunResults results) {
        List<ScenarioResult> failed = rule.failures();
        StringBuilder text = new StringBuilder();
        for (ScenarioResult scenario : failed.subList(0, Math.min(QUOTED_FAILURES, failed.size()))) {
            text.append("- ").append(scenario.displayName());
            results.excusedBy(scenario).ifPresent(entry -> text.append(" [excused]"));
            text.append(":\n");
            scenario.message().lines().limit(QUOTED_LINES).forEach(line -> text.append("    ").append(line).append('\n'));
        }
        if (failed.size() > QUOTED_FAILURES) {
            text.append("and ").append(failed.size() - QUOTED_FAILURES).append(" more failed scenario(s): see the reports\n");
        }
        return text.toString();
    }

    private static void verdict(TckMain.Outcome outcome, String errorOutput) {
        if (outcome.exitCode() == Verdict.PASSED) {
            return;
        }
        String reason = outcome.results().map(results -> results.verdict().label() + ": " + results.verdict().reason())
                .orElse("the run did not begin");
        Assertions.fail("The TCK's verdict is exit code " + outcome.exitCode() + " (" + reason + ")"
                + (errorOutput.isBlank() ? "" : "\n" + errorOutput.strip()));
    }
}
