package io.asynciotck.tck.features;

import io.asynciotck.tck.runner.RuleCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled features and features/RULES.md agree: every scenario names at least one rule, and every
 * rule a scenario names is in the catalogue.
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
                        checkScenario(file, i + 1, String.join(" ", pendingTags), problems);
                        pendingTags.clear();
                    } else if (line.startsWith("Feature")) {
                        pendingTags.clear();
                    }
                }
            }
        }
        assertThat(problems).as("scenarios whose rule tags disagree with features/RULES.md").isEmpty();
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
