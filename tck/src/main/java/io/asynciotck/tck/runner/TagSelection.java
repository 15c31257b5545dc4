package io.asynciotck.tck.runner;

import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;

import java.util.List;
import java.util.stream.Collectors;

/** Builds the Cucumber tag expression of a run from {@code --tags} and {@code --rules}. */
public final class TagSelection {

    private TagSelection() {
    }

    /**
     * {@code tags} and the scenarios of {@code ruleIds}, combined by {@code and}; either may be absent.
     *
     * @param tags    a Cucumber tag expression, or null/blank
     * @param ruleIds rule IDs; a scenario tagged with any of them is selected
     * @return the expression, or null when both are absent (everything runs)
     * @throws ConfigurationException for an invalid expression, or a rule ID not in the catalogue
     */
    public static String combine(String tags, List<String> ruleIds, RuleCatalog catalog) {
        String byTags = tags == null || tags.isBlank() ? null : validated(tags.strip());
        String byRules = null;
        if (!ruleIds.isEmpty()) {
            for (String id : ruleIds) {
                if (!Rule.isId(id)) {
                    throw new ConfigurationException("'" + id + "' is not a rule ID (expected e.g. FC-3)");
                }
                if (!catalog.contains(id)) {
                    throw new ConfigurationException("unknown rule " + id + " (not in RULES.md; see --list-rules)");
                }
            }
            byRules = ruleIds.stream().distinct().map(id -> "@" + id).collect(Collectors.joining(" or "));
        }
        if (byTags == null) {
            return byRules;
        }
        return byRules == null ? byTags : "(" + byTags + ") and (" + byRules + ")";
    }

    private static String validated(String expression) {
        try {
            TagExpressionParser.parse(expression);
            return expression;
        } catch (TagExpressionException e) {
            throw new ConfigurationException("invalid tag expression '" + expression + "': " + e.getMessage());
        }
    }
}
