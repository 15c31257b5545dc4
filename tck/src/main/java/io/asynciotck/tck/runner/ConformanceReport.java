package io.asynciotck.tck.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conformance report, {@code conformance.md}: a header with the verdict, a table of every rule of
 * the catalogue with its level, scenarios and status, then the errors, every failure with its full
 * message (the rule and the recorded callback sequence), and the abort reasons.
 */
public final class ConformanceReport {

    private ConformanceReport() {
    }

    public static void write(Path file, RunResults results) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(results));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report " + file, e);
        }
    }

    public static String render(RunResults results) {
        StringBuilder md = new StringBuilder();
        header(md, results);
        rules(md, results);
        flaky(md, results);
        errors(md, results);
        failures(md, results);
        aborts(md, results);
        return md.toString();
    }

    private static void header(StringBuilder md, RunResults results) {
        RunDescription run = results.description();
        Verdict verdict = results.verdict();
        md.append("# Conformance report").append(run.implementation() == null ? "" : ": " + run.implementation())
                .append("\n\n| | |\n|---|---|\n");
        if (run.implementation() != null) {
            row(md, "Implementation", run.implementation());
        }
        row(md, "Selection", run.tagExpression() == null ? "all scenarios" : "`" + run.tagExpression() + "`");
        if (run.iterations() > 1) {
            row(md, "Iterations", String.valueOf(run.iterations()));
        }
        String known = results.knownFailures().source();
        row(md, "Known failures", known == null ? "none" : known);
        row(md, "Verdict", "**" + verdict.label() + "**: " + verdict.reason() + " (exit code " + verdict.exitCode() + ")");
        row(md, "Rules", ruleTotals(results));
        row(md, "Scenarios", results.counts().toString());
        md.append('\n');
    }

    private static void rules(StringBuilder md, RunResults results) {
        md.append("## Rules\n\n| Rule | Level | Scenarios | Status |\n|---|---|---|---|\n");
        for (RuleResult rule : results.rules()) {
            String status = rule.status() == RuleStatus.FAILED ? "**" + rule.statusText() + "**" : rule.statusText();
            String scenarios = rule.scenarioNames().isEmpty() && !rule.rule().note().isEmpty()
                    ? "_" + rule.rule().note() + "_"
                    : String.join("; ", rule.scenarioNames());
            row(md, rule.id(), rule.rule().level().label(), scenarios, status);
        }
        md.append('\n');
    }

    private static void errors(StringBuilder md, RunResults results) {
        if (results.unknownRuleTags().isEmpty() && results.untracedFailures().isEmpty() && results.runErrors().isEmpty()) {
            return;
        }
        md.append("## Errors\n\n");
        results.unknownRuleTags().forEach((id, scenarios) -> scenarios.stream().map(ScenarioResult::displayName).distinct()
                .forEach(name -> md.append("- Scenario ").append(name).append(" is tagged with rule ").append(id)
                        .append(", which is not in RULES.md.\n")));
        for (ScenarioResult scenario : results.untracedFailures()) {
            md.append("- Scenario ").append(scenario.displayName()).append(" failed and is tagged with no rule (see Failures).\n");
        }
        for (String error : results.runErrors()) {
            md.append("- Error outside the scenarios:\n\n").append(fenced(error, "  ")).append('\n');
        }
        md.append('\n');
    }

    private static void failures(StringBuilder md, RunResults results) {
        // One entry per scenario and message, naming the iterations it happened in.
        Map<List<String>, List<ScenarioResult>> failures = new LinkedHashMap<>();
        results.scenarios().stream().filter(s -> s.outcome() == ScenarioOutcome.FAILED)
                .forEach(s -> failures.computeIfAbsent(List.of(s.displayName(), s.message()), k -> new ArrayList<>()).add(s));
        if (failures.isEmpty()) {
            return;
        }
        md.append("## Failures\n\n");
        for (List<ScenarioResult> executions : failures.values()) {
            ScenarioResult scenario = executions.get(0);
            List<String> rules = scenario.ruleIds();
            md.append("### ").append(rules.isEmpty() ? "(no rule)" : String.join(", ", rules)).append(": ")
                    .append(scenario.displayName());
            if (results.description().iterations() > 1) {
                md.append(executions.size() == 1 ? ", iteration " : ", iterations ")
                        .append(executions.stream().map(e -> String.valueOf(e.iteration())).collect(Collectors.joining(", ")));
            }
            results.excusedBy(scenario).ifPresent(entry -> md.append(entry.flaky() ? " (flaky failure, as declared: " : " (known failure: ")
                    .append(entry).append(')'));
            if (scenario.kind() != FailureKind.ASSERTION) {
                md.append(" — ").append(scenario.kind().describe());
            }
            md.append("\n\n").append(fenced(scenario.message(), "")).append('\n');
        }
    }

    private static void flaky(StringBuilder md, RunResults results) {
        List<RunResults.FlakyTally> tallies = results.flakyTallies();
        if (tallies.isEmpty()) {
            return;
        }
        md.append("## Flaky entries\n\nDeclared `[flaky]` in ").append(results.knownFailures().source())
                .append(": their scenarios may pass or fail as declared.\n\n| Entry | Runs | Failed as declared | Reason |\n|---|---|---|---|\n");
        for (RunResults.FlakyTally tally : tallies) {
            row(md, "`" + tally.entry() + "`", String.valueOf(tally.runs()), String.valueOf(tally.failures()), tally.entry().reason());
        }
        md.append('\n');
    }

    private static void aborts(StringBuilder md, RunResults results) {
        Map<String, String> notRun = new LinkedHashMap<>();
        results.notRun().forEach(s -> notRun.putIfAbsent(s.displayName(), String.join(", ", s.ruleIds()) + ": " + s.headline()));
        if (!notRun.isEmpty()) {
            md.append("## Scenarios not run\n\n");
            notRun.forEach((name, reason) -> md.append("- ").append(name).append(" — ").append(reason).append('\n'));
            md.append('\n');
        }
        Map<String, String> aborted = new LinkedHashMap<>();
        results.scenarios().stream().filter(s -> s.outcome() == ScenarioOutcome.ABORTED)
                .forEach(s -> aborted.putIfAbsent(s.displayName(), String.join(", ", s.ruleIds()) + ": " + s.headline()));
        if (aborted.isEmpty()) {
            return;
        }
        md.append("## Not applicable (aborted) scenarios\n\n");
        aborted.forEach((name, reason) -> md.append("- ").append(name).append(" — ").append(reason).append('\n'));
        md.append('\n');
    }

    /** {@code 40 passed, 1 FAILED, 3 aborted...}: the non-zero counts of rules by status. */
    static String ruleTotals(RunResults results) {
        Map<RuleStatus, Long> counts = results.rules().stream()
                .collect(Collectors.groupingBy(RuleResult::status, LinkedHashMap::new, Collectors.counting()));
        return Arrays.stream(RuleStatus.values()).filter(counts::containsKey)
                .map(status -> counts.get(status) + " " + status.label())
                .collect(Collectors.joining(", "))
                + " (" + results.rules().size() + " rules)";
    }

    private static void row(StringBuilder md, String... cells) {
        md.append(Arrays.stream(cells).map(ConformanceReport::cell).collect(Collectors.joining(" | ", "| ", " |\n")));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }

    /** A fenced code block long enough not to be closed by backticks in the text. */
    private static String fenced(String text, String indent) {
        String fence = "```";
        while (text.contains(fence)) {
            fence += "`";
        }
        String body = text.lines().map(line -> indent + line).collect(Collectors.joining("\n"));
        return indent + fence + "text\n" + body + "\n" + indent + fence + "\n";
    }
}
