package io.asynciotck.tck.runner;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A rule's result.
 *
 * @param scenarioNames the names of the rule's scenarios: those that ran, else those discovered
 * @param executions    every execution of the rule's scenarios, over all iterations
 * @param detail        why the status, when it needs saying: the abort reason, the known failure's
 *                      reason...; null otherwise
 */
public record RuleResult(Rule rule, RuleStatus status, List<String> scenarioNames,
                         List<ScenarioResult> executions, String detail) {

    public RuleResult {
        scenarioNames = List.copyOf(scenarioNames);
        executions = List.copyOf(executions);
    }

    public String id() {
        return rule.id();
    }

    public List<ScenarioResult> failures() {
        return executions.stream().filter(e -> e.outcome() == ScenarioOutcome.FAILED).toList();
    }

    /** The iterations in which a scenario of the rule failed. */
    public SortedSet<Integer> failedIterations() {
        TreeSet<Integer> iterations = new TreeSet<>();
        failures().forEach(f -> iterations.add(f.iteration()));
        return iterations;
    }

    /** Whether this result fails the run: a required rule that failed and is not a known failure. */
    public boolean gates() {
        return status == RuleStatus.FAILED && rule.level().gates();
    }

    /** {@code aborted (capability udp missing)}. */
    public String statusText() {
        return detail == null ? status.label() : status.label() + " (" + detail + ")";
    }
}
