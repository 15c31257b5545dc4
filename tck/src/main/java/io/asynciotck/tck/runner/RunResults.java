package io.asynciotck.tck.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluated results of a run: every scenario execution, every rule of the catalogue with its status,
 * and what is wrong with the run itself. The conformance report, the console summary and the exit code
 * ({@link #verdict()}) are all computed from this one object.
 */
public final class RunResults {

    private final RunDescription description;
    private final KnownFailures knownFailures;
    private final List<ScenarioResult> scenarios;
    private final List<RuleResult> rules;
    private final Map<String, List<ScenarioResult>> unknownRuleTags;
    private final List<ScenarioResult> untracedFailures;
    private final List<String> runErrors;

    /**
     * Evaluates the scenario results against the catalogue.
     *
     * @param discovered the names of the scenarios discovered for each rule, selected or not; null when
     *                   discovery did not happen, and a rule without executions is then "not run"
     * @param runErrors  failures outside any scenario (the engine, a hook, a plugin)
     */
    public static RunResults evaluate(RuleCatalog catalog, KnownFailures knownFailures,
                                      Map<String, List<String>> discovered, List<ScenarioResult> scenarios,
                                      List<String> runErrors, RunDescription description) {
        return new RunResults(catalog, knownFailures, discovered, scenarios, runErrors, description);
    }

    private RunResults(RuleCatalog catalog, KnownFailures knownFailures, Map<String, List<String>> discovered,
                       List<ScenarioResult> scenarios, List<String> runErrors, RunDescription description) {
        this.description = Objects.requireNonNull(description, "description");
        this.knownFailures = Objects.requireNonNull(knownFailures, "knownFailures");
        this.scenarios = List.copyOf(scenarios);
        this.runErrors = List.copyOf(runErrors);

        Map<String, List<ScenarioResult>> byRule = new LinkedHashMap<>();
        Map<String, List<ScenarioResult>> unknown = new TreeMap<>();
        List<ScenarioResult> untraced = new ArrayList<>();
        for (ScenarioResult scenario : this.scenarios) {
            List<String> ids = scenario.ruleIds();
            if (ids.isEmpty() && scenario.outcome() == ScenarioOutcome.FAILED
                    && untraced.stream().noneMatch(u -> u.displayName().equals(scenario.displayName()))) {
                untraced.add(scenario);
            }
            for (String id : ids) {
                (catalog.contains(id) ? byRule : unknown).computeIfAbsent(id, k -> new ArrayList<>()).add(scenario);
            }
        }
        this.unknownRuleTags = unknown;
        this.untracedFailures = List.copyOf(untraced);
        this.rules = catalog.rules().stream()
                .map(rule -> evaluate(rule, byRule.getOrDefault(rule.id(), List.of()), discovered))
                .toList();
    }

    private RuleResult evaluate(Rule rule, List<ScenarioResult> runs, Map<String, List<String>> discovered) {
        String id = rule.id();
        if (runs.isEmpty()) {
            List<String> names = discovered == null ? List.of() : discovered.getOrDefault(id, List.of());
            boolean exists = discovered == null || discovered.containsKey(id);
            return new RuleResult(rule, exists ? RuleStatus.NOT_RUN : RuleStatus.NO_SCENARIO, names, runs, null);
        }
        List<String> names = runs.stream().map(ScenarioResult::name).distinct().toList();
        ScenarioCounts counts = ScenarioCounts.of(runs);
        boolean known = knownFailures.contains(id);
        if (counts.failed() > 0) {
            List<ScenarioResult> unexcused = runs.stream()
                    .filter(r -> r.outcome() == ScenarioOutcome.FAILED && !knownFailures.excuses(id, r.tags()))
                    .toList();
            if (unexcused.isEmpty()) {
                return new RuleResult(rule, RuleStatus.KNOWN_FAILURE, names, runs, knownFailures.reason(id).orElseThrow());
            }
            return new RuleResult(rule, RuleStatus.FAILED, names, runs, failureDetail(runs, counts)
                    + (known ? " (" + unexcused.size() + " not covered by " + knownFailures.source() + ")" : ""));
        }
        String aborts = runs.stream().filter(r -> r.outcome() == ScenarioOutcome.ABORTED)
                .map(ScenarioResult::headline).distinct().collect(Collectors.joining("; "));
        if (counts.passed() == 0) {
            return new RuleResult(rule, RuleStatus.ABORTED, names, runs, aborts.isEmpty() ? null : aborts);
        }
        if (known && runs.stream().anyMatch(r -> r.outcome() == ScenarioOutcome.PASSED && knownFailures.excuses(id, r.tags()))) {
            return new RuleResult(rule, RuleStatus.STALE_KNOWN_FAILURE, names, runs,
                    "listed in " + knownFailures.source() + " but passed");
        }
        String detail = counts.skipped() == 0 ? null
                : counts.skipped() + " of " + counts.total() + " aborted: " + aborts;
        return new RuleResult(rule, RuleStatus.PASSED, names, runs, detail);
    }

    private String failureDetail(List<ScenarioResult> runs, ScenarioCounts counts) {
        if (description.iterations() > 1) {
            String iterations = runs.stream().filter(r -> r.outcome() == ScenarioOutcome.FAILED)
                    .map(ScenarioResult::iteration).distinct().sorted().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return "failed in iteration " + iterations + " of " + description.iterations();
        }
        return counts.failed() + " of " + counts.total() + " scenarios failed";
    }

    public RunDescription description() {
        return description;
    }

    public KnownFailures knownFailures() {
        return knownFailures;
    }

    /** Every scenario execution, in the order they finished. */
    public List<ScenarioResult> scenarios() {
        return scenarios;
    }

    /** Every rule of the catalogue, in its order. */
    public List<RuleResult> rules() {
        return rules;
    }

    public List<RuleResult> rulesWith(RuleStatus status) {
        return rules.stream().filter(r -> r.status() == status).toList();
    }

    /** Rule IDs tagged on scenarios but missing from the catalogue, with those scenarios. */
    public Map<String, List<ScenarioResult>> unknownRuleTags() {
        return unknownRuleTags;
    }

    /** Failed scenarios that carry no rule tag, each once (its first failure): no rule excuses them. */
    public List<ScenarioResult> untracedFailures() {
        return untracedFailures;
    }

    public List<String> runErrors() {
        return runErrors;
    }

    /** Over all iterations. */
    public ScenarioCounts counts() {
        return ScenarioCounts.of(scenarios);
    }

    /** Per iteration, in order, every planned iteration included. */
    public Map<Integer, ScenarioCounts> countsByIteration() {
        Map<Integer, ScenarioCounts> counts = new LinkedHashMap<>();
        for (int i = 1; i <= description.iterations(); i++) {
            int iteration = i;
            counts.put(i, ScenarioCounts.of(scenarios.stream().filter(s -> s.iteration() == iteration).toList()));
        }
        return counts;
    }

    public Verdict verdict() {
        return Verdict.of(this);
    }
}
