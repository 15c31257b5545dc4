package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleCatalogTest {

    @Test
    void readsRuleRowsAndIgnoresEverythingElse() {
        RuleCatalog catalog = RuleCatalog.parse("""
                # Rules
                Prose mentioning | FC-9 | required | is not a row.

                | Rule | Level | Spec text | Scenarios or reason |
                |---|---|---|---|
                | <a id="FC-1"></a>FC-1 | required | "pause_writing() is called" | a scenario |
                |   WT-12   |   platform-specific   | "write() with a \\| pipe" | |
                | S-1 | required | not a rule ID | |
                | fc-2 | required | lower case is not a rule ID | |
                | TR-3 | informative | "Describes asyncio." | Nothing to test.
                """, "RULES.md");

        assertThat(catalog.rules()).containsExactly(
                new Rule("FC-1", RuleLevel.REQUIRED, "\"pause_writing() is called\"", "a scenario"),
                new Rule("WT-12", RuleLevel.PLATFORM_SPECIFIC, "\"write() with a | pipe\"", ""),
                new Rule("TR-3", RuleLevel.INFORMATIVE, "\"Describes asyncio.\"", "Nothing to test."));
        assertThat(catalog.contains("WT-12")).isTrue();
        assertThat(catalog.find("FC-9")).isEmpty();
    }

    @Test
    void rejectsAnUnknownLevelWithItsLine() {
        assertThatThrownBy(() -> RuleCatalog.parse("| Rule | Level |\n| FC-1 | mandatory | text |\n", "RULES.md"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RULES.md line 2: rule FC-1 has level 'mandatory', expected required, platform-specific or informative");
    }

    @Test
    void rejectsADuplicateId() {
        assertThatThrownBy(() -> RuleCatalog.parse("| FC-1 | required | a |\n| FC-1 | informative | b |\n", "RULES.md"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RULES.md line 2: rule FC-1 is defined twice");
    }

    @Test
    void loadsFromTheClassPathOrSaysWhatIsMissing() {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(RuleCatalog.load(loader, "runner-fixture/RULES.md").size()).isEqualTo(6);
        assertThatThrownBy(() -> RuleCatalog.load(loader, "nowhere/RULES.md"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rules catalogue not found on the class path: nowhere/RULES.md");
    }

    @Test
    void theBundledCatalogueParses() {
        RuleCatalog bundled = RuleCatalog.load(getClass().getClassLoader(), RuleCatalog.BUNDLED_RESOURCE);

        assertThat(bundled.rules()).isNotEmpty().allSatisfy(rule -> assertThat(Rule.isId(rule.id())).isTrue());
    }

    @Test
    void findsRuleIdsAmongTags() {
        assertThat(Rule.idsInTags(List.of("@tcp", "@FC-3", "@stance", "@WT-12", "@FC-3", "FC-4")))
                .containsExactly("FC-3", "WT-12");
    }

    @Test
    void aTitleIsTheSpecTextInOneShortLine() {
        assertThat(new Rule("BT-1", RuleLevel.REQUIRED, "close(): \"Close the transport. If the transport has a buffer for "
                + "outgoing data, buffered data will be flushed asynchronously.\"").title())
                .isEqualTo("close(): Close the transport.");
        assertThat(new Rule("WT-17", RuleLevel.REQUIRED, "writelines(): \"(or any iterable)\"").title())
                .isEqualTo("writelines(): (or any iterable)");
        String title = new Rule("SP-3", RuleLevel.INFORMATIVE, "\"Whether the data is buffered, chunked or reassembled "
                + "depends on the transport, and in general you shouldn't rely on specific semantics at all\"").title();
        assertThat(title).endsWith("…").hasSizeLessThanOrEqualTo(Rule.TITLE_LENGTH)
                .startsWith("Whether the data is buffered, chunked or reassembled depends on the");
    }
}
