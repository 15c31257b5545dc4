package io.asynciotck.tck.features;

import io.asynciotck.tck.runner.Rule;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RuleLevel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled features and features/RULES.md agree: every scenario names at least one rule, and every
 * rule a scenario names is in the catalogue; every required rule has a scenario; each rule's row names
 * every scenario tagged with it, and no scenario that is not; a rule without scenarios says why.
 */
class FeaturesAgreeWithRulesTest {

    private static final Path FEATURES = Path.of("..", "features");
    private static final Pattern RULE_TAG = Pattern.compile("@([A-Z]{2}-\\d+)");

    private final RuleCatalog catalog;

    FeaturesAgreeWithRulesTest() throws IOException {
        catalog = RuleCatalog.parse(Files.readString(FEATURES.resolve("RULES.md")), "features/RULES.md");
    }

    @Test
    void everyScenarioNamesAtLeastOneRuleOfTheCatalogue() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(FEATURES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".feature")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                List<String> pendingTags = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("@")) {
                        pendingTags.add(line);
                    } else if (line.startsWith("Scenario")) {
                        checkScenario(file, i + 1, String.join(" ", pendingTags) + examplesTags(lines, i), problems);
                        pendingTags.clear();
                    } else if (line.startsWith("Feature") || line.startsWith("Examples")) {
                        pendingTags.clear();
                    }
                }
            }
        }
        assertThat(problems).as("scenarios whose rule tags disagree with features/RULES.md").isEmpty();
    }

    /** Scenario names (as written, placeholders included) by the rule IDs they are tagged with. */
    private static Map<String, Set<String>> scenariosByRule() throws IOException {
        Map<String, Set<String>> byRule = new TreeMap<>();
        try (Stream<Path> files = Files.walk(FEATURES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".feature")).sorted().toList()) {
                List<String> tags = new ArrayList<>();
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("@")) {
                        tags.add(line);
                    } else if (line.startsWith("Scenario")) {
                        String name = line.substring(line.indexOf(':') + 1).strip();
                        Matcher m = RULE_TAG.matcher(String.join(" ", tags) + examplesTags(lines, i));
                        while (m.find()) {
                            byRule.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(name);
                        }
                        tags.clear();
                    } else if (line.startsWith("Feature") || line.startsWith("Examples")) {
                        tags.clear();
                    }
                }
            }
        }
        return byRule;
    }

    @Test
    void everyRequiredRuleHasAScenarioAndEveryOtherRuleWithoutOneSaysWhy() throws IOException {
        Map<String, Set<String>> byRule = scenariosByRule();
        List<String> problems = new ArrayList<>();
        for (Rule rule : catalog.rules()) {
            boolean hasScenario = byRule.containsKey(rule.id());
            if (rule.level() == RuleLevel.REQUIRED && !hasScenario) {
                problems.add(rule.id() + " is required but no scenario is tagged @" + rule.id());
            }
            if (!hasScenario && (rule.note() == null || rule.note().isBlank())) {
                problems.add(rule.id() + " has no scenario and its row gives no reason");
            }
        }
        assertThat(problems).as("rules of features/RULES.md without scenarios").isEmpty();
    }

    @Test
    void eachRowNamesExactlyTheScenariosTaggedWithItsRule() throws IOException {
        Map<String, Set<String>> byRule = scenariosByRule();
        Set<String> allNames = new TreeSet<>();
        byRule.values().forEach(allNames::addAll);
        List<String> problems = new ArrayList<>();
        for (Rule rule : catalog.rules()) {
            String note = rule.note() == null ? "" : rule.note();
            Set<String> tagged = byRule.getOrDefault(rule.id(), Set.of());
            for (String name : tagged) {
                if (!note.contains(name)) {
                    problems.add(rule.id() + "'s row does not name its scenario \"" + name + "\"");
                }
            }
            for (String segment : note.split(";")) {
                String named = segment.strip().replaceAll("\\s*\\(stance S-\\d+[^)]*\\)$", "");
                if (allNames.contains(named) && !tagged.contains(named)) {
                    problems.add(rule.id() + "'s row names \"" + named + "\", which is not tagged @" + rule.id());
                }
            }
        }
        assertThat(problems).as("rows of features/RULES.md that disagree with the feature tags").isEmpty();
    }

    /**
     * The tags of the Examples of the scenario (outline) whose keyword is on line {@code scenario}: they
     * tag the outline's examples, so the outline counts as a scenario of their rules.
     */
    private static String examplesTags(List<String> lines, int scenario) {
        StringBuilder tags = new StringBuilder();
        List<String> pending = new ArrayList<>();
        for (int i = scenario + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("Scenario") || line.startsWith("Feature") || line.startsWith("Rule:")) {
                break;
            } else if (line.startsWith("@")) {
                pending.add(line);
            } else if (line.startsWith("Examples")) {
                pending.forEach(tag -> tags.append(' ').append(tag));
                pending.clear();
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                pending.clear();
            }
        }
        return tags.toString();
    }

    private void checkScenario(Path file, int line, String tags, List<String> problems) {
        Matcher m = RULE_TAG.matcher(tags);
        int count = 0;
        while (m.find()) {
            count++;
            if (!catalog.contains(m.group(1))) {
                problems.add(file + ":" + line + " names rule " + m.group(1) + ", which is not in RULES.md");
            }
        }
        if (count == 0) {
            problems.add(file + ":" + line + " names no rule");
        }
    }
}
