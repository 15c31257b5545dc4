package io.asynciotck.tck.runner;

import java.util.List;
import java.util.Map;

/**
 * The scenarios found in the selected feature files, before any tag filtering.
 *
 * @param scenarios       how many (each example of an outline counts)
 * @param scenariosByRule the names of the scenarios tagged with each rule ID, in discovery order;
 *                        IDs missing from the catalogue included
 */
public record Discovery(int scenarios, Map<String, List<String>> scenariosByRule) {

    public Discovery {
        scenariosByRule = Map.copyOf(scenariosByRule);
    }

    public int scenarioCount(String ruleId) {
        return scenariosByRule.getOrDefault(ruleId, List.of()).size();
    }
}
