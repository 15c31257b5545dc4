package io.asynciotck.tck.runner;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One row of the rules catalogue: a sentence of the spec with an ID such as {@code FC-3}. Scenarios
 * name the rules they prove with tags ({@code @FC-3}).
 *
 * @param text the spec text, as quoted in RULES.md
 * @param note the last column of RULES.md: the scenarios, or why there are none
 */
public record Rule(String id, RuleLevel level, String text, String note) {

    private static final Pattern ID = Pattern.compile("[A-Z]{2}-\\d+");

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(note, "note");
    }

    /** A rule with no note. */
    public Rule(String id, RuleLevel level, String text) {
        this(id, level, text, "");
    }

    /** How long a {@link #title()} may be. */
    static final int TITLE_LENGTH = 72;

    /**
     * The spec text in one short line, for lists and tables: without Markdown quotes and backticks, to
     * the end of its first sentence if that is short enough, else cut at a word and ended with "…".
     */
    public String title() {
        String plain = text.replace("`", "").replace("\"", "").replaceAll("\\s+", " ").strip();
        int sentence = plain.indexOf(". ");
        if (sentence >= 0 && sentence + 1 <= TITLE_LENGTH) {
            return plain.substring(0, sentence + 1);
        }
        if (plain.length() <= TITLE_LENGTH) {
            return plain;
        }
        int cut = plain.lastIndexOf(' ', TITLE_LENGTH - 1);
        return plain.substring(0, cut > 0 ? cut : TITLE_LENGTH - 1).replaceAll("[,;:(\\[]$", "") + "…";
    }

    /** Whether {@code text} has the form of a rule ID, such as {@code WT-12} (no {@code @}). */
    public static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The rule IDs among Cucumber tags ({@code @FC-3} gives {@code FC-3}), in order. */
    public static List<String> idsInTags(Collection<String> tags) {
        return tags.stream()
                .filter(tag -> tag.startsWith("@"))
                .map(tag -> tag.substring(1))
                .filter(Rule::isId)
                .distinct()
                .toList();
    }
}
