package io.asynciotck.tck.site;

import io.asynciotck.tck.runner.Rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RULES.md as the site reads it: its introduction, its sections (a heading and its text up to the next
 * heading) with the rule IDs of their table rows, and the stances, each with its ID and text.
 */
final class RulesDocument {

    /** A heading of RULES.md and what follows it up to the next heading. */
    record Section(int level, String title, String markdown, List<String> ruleIds) {

        Section {
            ruleIds = List.copyOf(ruleIds);
        }

        /** The section's file name: {@code 18.5.4.2.5-flow-control-callbacks.html}. */
        String page() {
            return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "") + ".html";
        }
    }

    /** A stance: {@code S-7}, the rules it names, its heading in bold and its whole text (Markdown). */
    record Stance(String id, List<String> ruleIds, String markdown) {
    }

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern STANCE = Pattern.compile("^- \\*\\*(S-\\d+) \\(([^)]*)\\)");

    private final String intro;
    private final List<Section> sections;
    private final Map<String, Stance> stances;

    private RulesDocument(String intro, List<Section> sections, Map<String, Stance> stances) {
        this.intro = intro;
        this.sections = List.copyOf(sections);
        this.stances = stances;
    }

    /** RULES.md's own anchors ({@code <a id="FC-1"></a>}): the site makes its own. */
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a id=\"[^\"]*\"></a>");

    static RulesDocument parse(String markdown) {
        String[] lines = HTML_ANCHOR.matcher(markdown).replaceAll("").split("\\R", -1);
        StringBuilder intro = new StringBuilder();
        List<Section> sections = new ArrayList<>();
        int level = 0;
        String title = null;
        StringBuilder body = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches() && heading.group(1).length() >= 2) {
                if (title != null) {
                    sections.add(new Section(level, title, body.toString(), ids));
                }
                level = heading.group(1).length();
                title = heading.group(2).strip();
                body = new StringBuilder();
                ids = new ArrayList<>();
                continue;
            }
            if (title == null) {
                if (!(heading.matches() && heading.group(1).length() == 1)) {
                    intro.append(line).append('\n');
                }
                continue;
            }
            body.append(line).append('\n');
            String first = firstCell(line);
            if (Rule.isId(first)) {
                ids.add(first);
            }
        }
        if (title != null) {
            sections.add(new Section(level, title, body.toString(), ids));
        }
        return new RulesDocument(intro.toString(), sections, stancesOf(sections));
    }

    private static String firstCell(String line) {
        String stripped = line.strip();
        if (!stripped.startsWith("|")) {
            return "";
        }
        int end = stripped.indexOf('|', 1);
        return end < 0 ? "" : stripped.substring(1, end).strip();
    }

    /** The stances: the bullets of the "Stances" section, each with its continuation lines. */
    private static Map<String, Stance> stancesOf(List<Section> sections) {
        Map<String, Stance> stances = new LinkedHashMap<>();
        for (Section section : sections) {
            if (!section.title().equals("Stances")) {
                continue;
            }
            String id = null;
            List<String> rules = List.of();
            StringBuilder text = new StringBuilder();
            for (String line : section.markdown().split("\n", -1)) {
                Matcher stance = STANCE.matcher(line);
                if (stance.find()) {
                    if (id != null) {
                        stances.put(id, new Stance(id, rules, text.toString()));
                    }
                    id = stance.group(1);
                    rules = Pattern.compile("[A-Z]{2}-\\d+").matcher(stance.group(2)).results().map(m -> m.group()).toList();
                    text = new StringBuilder(line).append('\n');
                } else if (id != null && (line.startsWith("  ") || line.isBlank())) {
                    text.append(line).append('\n');
                } else if (id != null) {
                    stances.put(id, new Stance(id, rules, text.toString()));
                    id = null;
                }
            }
            if (id != null) {
                stances.put(id, new Stance(id, rules, text.toString()));
            }
        }
        return stances;
    }

    String intro() {
        return intro;
    }

    List<Section> sections() {
        return sections;
    }

    /** The sections whose tables hold rules, in the document's order. */
    List<Section> ruleSections() {
        return sections.stream().filter(section -> !section.ruleIds().isEmpty()).toList();
    }

    /** The sections whose text the site shows as pages of their own, with their subsections. */
    List<Section> chapter(String title) {
        List<Section> chapter = new ArrayList<>();
        int level = -1;
        for (Section section : sections) {
            if (level < 0 && section.title().equals(title)) {
                level = section.level();
                chapter.add(section);
            } else if (level >= 0) {
                if (section.level() <= level) {
                    break;
                }
                chapter.add(section);
            }
        }
        return chapter;
    }

    Map<String, Stance> stances() {
        return stances;
    }

    /** The stances that name {@code ruleId} in their heading. */
    List<Stance> stancesOf(String ruleId) {
        return stances.values().stream().filter(stance -> stance.ruleIds().contains(ruleId)).toList();
    }

    /** The section whose table holds {@code ruleId}. */
    Section sectionOf(String ruleId) {
        return ruleSections().stream().filter(section -> section.ruleIds().contains(ruleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no section holds " + ruleId));
    }
}
