package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagSelectionTest {

    private final RuleCatalog catalog = RuleCatalog.parse("| FC-3 | required | a |\n| WT-1 | required | b |\n", "RULES.md");

    @Test
    void nothingSelectsEverything() {
        assertThat(TagSelection.combine(null, List.of(), catalog)).isNull();
        assertThat(TagSelection.combine("  ", List.of(), catalog)).isNull();
    }

    @Test
    void rulesAreAlternativesAndCombineWithTagsByAnd() {
        assertThat(TagSelection.combine(null, List.of("FC-3", "WT-1"), catalog)).isEqualTo("@FC-3 or @WT-1");
        assertThat(TagSelection.combine("not @stance", List.of(), catalog)).isEqualTo("not @stance");
        assertThat(TagSelection.combine("not @stance", List.of("FC-3"), catalog)).isEqualTo("(not @stance) and (@FC-3)");
    }

    @Test
    void refusesUnknownRulesAndBadExpressions() {
        assertThatThrownBy(() -> TagSelection.combine(null, List.of("FC-99"), catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown rule FC-99 (not in RULES.md; see --list-rules)");
        assertThatThrownBy(() -> TagSelection.combine(null, List.of("@FC-3"), catalog))
                .hasMessage("'@FC-3' is not a rule ID (expected e.g. FC-3)");
        assertThatThrownBy(() -> TagSelection.combine("@a and or", List.of(), catalog))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("invalid tag expression '@a and or': ");
    }
}
