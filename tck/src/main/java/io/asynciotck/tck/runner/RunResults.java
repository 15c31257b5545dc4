package io.asynciotck.tck.runner;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluated results of a run: every scenario execution with its {@link ScenarioStatus}, every rule of
 * the catalogue with its status, the flaky entries' tallies, and what is wrong with the run itself. The
 * reports, the console summary and the exit code ({@link #verdict()}) are all computed from this one
 * object.
 */
public final class RunResults {

    /** How often the scenarios of a {@code [flaky]} entry ran and failed as it expects. */
    public record FlakyTally(KnownFailures.Entry entry, long runs, long failures) {
    }

    private final RunDescription description;
    private final KnownFailures knownFailures;
    private final List<ScenarioResult> scenarios;
    private final Map<ScenarioResult, ScenarioStatus> statuses = new IdentityHashMap<>();
    private final Map<ScenarioResult, KnownFailures.Entry> excusedBy = new IdentityHashMap<>();
    private final List<RuleResult> rules;
    private final Map<String, List<ScenarioResult>> unknownRuleTags;
    private final List<ScenarioResult> untracedFailures;
    private final List<String> runErrors;

    /**
     * Evaluates the scenario results against the catalogue.
     *
     * @param discovered the names of the scenarios discovered for each rule, selected or not; null when
     *                   discovery did not happen, and a rule without executions is then "not run"
     * @param runErrors  failures outside any scenario (the engine, a hook, a plugin, the TCK's JVM ending)
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
            statuses.put(scenario, judge(scenario));
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

    private ScenarioStatus judge(ScenarioResult scenario) {
        knownFailures.excusing(scenario).ifPresent(entry -> excusedBy.put(scenario, entry));
        return ScenarioStatus.of(scenario, knownFailures);
    }

    private RuleResult evaluate(Rule rule, List<ScenarioResult> runs, Map<String, List<String>> discovered) {
        String id = rule.id();
        if (runs.isEmpty()) {
            List<String> names = discovered == null ? List.of() : discovered.getOrDefault(id, List.of());
            boolean exists = discovered == null || discovered.containsKey(id);
            return new RuleResult(rule, exists ? RuleStatus.NOT_RUN : RuleStatus.NO_SCENARIO, names, runs, null);
        }
        List<String> names = runs.stream().map(ScenarioResult::name).distinct().toList();
        List<ScenarioResult> failures = runs.stream().filter(r -> r.outcome() == ScenarioOutcome.FAILED).toList();
        List<ScenarioResult> unexcused = failures.stream().filter(f -> knownFailures.excusing(id, f).isEmpty()).toList();
        if (!unexcused.isEmpty()) {
            return new RuleResult(rule, RuleStatus.FAILED, names, runs, failureDetail(id, runs, failures, unexcused));
        }
        if (!failures.isEmpty()) {
            boolean allFlaky = failures.stream().allMatch(f -> knownFailures.excusing(id, f).orElseThrow().flaky());
            if (allFlaky) {
                return new RuleResult(rule, RuleStatus.FLAKY, names, runs, "failed " + failures.size() + " of "
                        + runs.size() + " runs, declared flaky in " + knownFailures.source() + ": "
                        + knownFailures.reason(id).orElseThrow());
            }
            return new RuleResult(rule, RuleStatus.KNOWN_FAILURE, names, runs, knownFailures.reason(id).orElseThrow());
        }
        long passed = runs.stream().filter(r -> r.outcome() == ScenarioOutcome.PASSED).count();
        String aborts = runs.stream().filter(r -> r.outcome() != ScenarioOutcome.PASSED)
                .map(ScenarioResult::headline).distinct().collect(Collectors.joining("; "));
        if (passed == 0) {
            boolean allNotRun = runs.stream().allMatch(r -> r.outcome() == ScenarioOutcome.NOT_RUN);
            return new RuleResult(rule, allNotRun ? RuleStatus.NOT_RUN : RuleStatus.ABORTED, names, runs,
                    allNotRun ? "the implementation had stopped answering" : aborts.isEmpty() ? null : aborts);
        }
        List<KnownFailures.Entry> stale = knownFailures.entries(id).stream()
                .filter(entry -> !entry.flaky() && runs.stream().anyMatch(r -> r.outcome() == ScenarioOutcome.PASSED
                        && entry.covers(r.tags())))
                .toList();
        if (!stale.isEmpty()) {
            return new RuleResult(rule, RuleStatus.STALE_KNOWN_FAILURE, names, runs,
                    stale.stream().map(KnownFailures.Entry::toString).collect(Collectors.joining(", "))
                            + " listed in " + knownFailures.source() + " but passed");
        }
        long notPassed = runs.size() - passed;
        boolean notRun = runs.stream().anyMatch(r -> r.outcome() == ScenarioOutcome.NOT_RUN);
        String detail = notPassed == 0 ? null
                : notPassed + " of " + runs.size() + (notRun ? " not run or aborted: " : " aborted: ") + aborts;
        return new RuleResult(rule, RuleStatus.PASSED, names, runs, detail);
    }

    private String failureDetail(String id, List<ScenarioResult> runs, List<ScenarioResult> failures,
                                 List<ScenarioResult> unexcused) {
        String detail;
        if (description.iterations() > 1) {
            detail = "failed in iteration " + unexcused.stream().map(ScenarioResult::iteration).distinct().sorted()
                    .map(String::valueOf).collect(Collectors.joining(", ")) + " of " + description.iterations();
        } else {
            detail = unexcused.size() + " of " + runs.size() + " scenarios failed";
        }
        if (knownFailures.contains(id)) {
            List<String> why = unexcused.stream().flatMap(f -> knownFailures.whyNotExcused(id, f).stream()).distinct().toList();
            detail += " (" + unexcused.size() + " not excused by " + knownFailures.source()
                    + (why.isEmpty() ? ": no entry covers them" : ": " + String.join("; ", why)) + ")";
        }
        if (failures.size() > unexcused.size()) {
            detail += "; " + (failures.size() - unexcused.size()) + " excused";
        }
        return detail;
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

    /** How {@code scenario}, one of {@link #scenarios()}, counts. */
    public ScenarioStatus statusOf(ScenarioResult scenario) {
        ScenarioStatus status = statuses.get(scenario);
        if (status == null) {
            throw new IllegalArgumentException("not a scenario of this run: " + scenario.displayName());
        }
        return status;
    }

    /** The entry that excuses {@code scenario}'s failure, if one does. */
    public Optional<KnownFailures.Entry> excusedBy(ScenarioResult scenario) {
        return Optional.ofNullable(excusedBy.get(scenario));
    }

    /** Every rule of the catalogue, in its order. */
    public List<RuleResult> rules() {
        return rules;
    }

    public List<RuleResult> rulesWith(RuleStatus status) {
        return rules.stream().filter(r -> r.status() == status).toList();
    }

    /** Each {@code [flaky]} entry whose scenarios ran: how often, and how often they failed as expected. */
    public List<FlakyTally> flakyTallies() {
        List<FlakyTally> tallies = new ArrayList<>();
        for (KnownFailures.Entry entry : knownFailures.all()) {
            if (!entry.flaky()) {
                continue;
            }
            List<ScenarioResult> inScope = scenarios.stream()
                    .filter(s -> s.ruleIds().contains(entry.ruleId()) && entry.covers(s.tags()) && statusOf(s).executed())
                    .toList();
            if (!inScope.isEmpty()) {
                tallies.add(new FlakyTally(entry, inScope.size(), inScope.stream()
                        .filter(s -> knownFailures.excusing(entry.ruleId(), s).orElse(null) == entry).count()));
            }
        }
        return tallies;
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

    /** The scenarios not run because the implementation had stopped answering. */
    public List<ScenarioResult> notRun() {
        return scenarios.stream().filter(s -> s.outcome() == ScenarioOutcome.NOT_RUN).toList();
    }

    /** Over all iterations. */
    public ScenarioCounts counts() {
        return ScenarioCounts.of(scenarios, this::statusOf);
    }

    /** Per iteration, in order, every planned iteration included. */
    public Map<Integer, ScenarioCounts> countsByIteration() {
        Map<Integer, ScenarioCounts> counts = new LinkedHashMap<>();
        for (int i = 1; i <= description.iterations(); i++) {
            int iteration = i;
            counts.put(i, ScenarioCounts.of(scenarios.stream().filter(s -> s.iteration() == iteration).toList(), this::statusOf));
        }
        return counts;
    }

    public Verdict verdict() {
        return Verdict.of(this);
    }
}
