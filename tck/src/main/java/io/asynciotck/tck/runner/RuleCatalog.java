package io.asynciotck.tck.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules catalogue, read from the markdown tables of {@code RULES.md}: every table row whose first
 * cell is a rule ID, {@code | ID | level | spec text | scenarios or reason |}. Other lines and rows
 * (headers, separators, prose) are ignored. Rules keep the order of the file.
 */
public final class RuleCatalog {

    /** Where the bundled catalogue is on the class path. */
    public static final String BUNDLED_RESOURCE = "features/RULES.md";
    /** The HTML anchor RULES.md puts before each rule ID and stance, so that {@code RULES.md#FC-1} links to it. */
    private static final java.util.regex.Pattern ANCHOR = java.util.regex.Pattern.compile("^<a id=\"[^\"]*\"></a>");

    private final Map<String, Rule> rules;

    private RuleCatalog(Map<String, Rule> rules) {
        this.rules = rules;
    }

    /**
     * Parses the catalogue.
     *
     * @param source names the catalogue in error messages
     * @throws ConfigurationException on a rule row with an unknown level or a duplicate ID
     */
    public static RuleCatalog parse(String markdown, String source) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = markdown.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (cells.isEmpty() || !Rule.isId(withoutAnchor(cells.get(0)))) {
                continue;
            }
            String id = withoutAnchor(cells.get(0));
            String where = source + " line " + (i + 1);
            String levelText = cells.size() > 1 ? cells.get(1) : "";
            Optional<RuleLevel> level = RuleLevel.fromLabel(levelText);
            if (level.isEmpty()) {
                errors.add(where + ": rule " + id + " has level '" + levelText
                        + "', expected required, platform-specific or informative");
            } else if (rules.containsKey(id)) {
                errors.add(where + ": rule " + id + " is defined twice");
            } else {
                rules.put(id, new Rule(id, level.get(), cells.size() > 2 ? cells.get(2) : "", cells.size() > 3 ? cells.get(3) : ""));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(String.join("; ", errors));
        }
        return new RuleCatalog(rules);
    }

    /** Reads the catalogue from a class path resource such as {@link #BUNDLED_RESOURCE}. */
    public static RuleCatalog load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigurationException("rules catalogue not found on the class path: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public Collection<Rule> rules() {
        return rules.values();
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    public boolean contains(String id) {
        return rules.containsKey(id);
    }

    public int size() {
        return rules.size();
    }

    /** A rule row's first cell without the anchor before the ID: {@code <a id="FC-1"></a>FC-1} is {@code FC-1}. */
    public static String withoutAnchor(String cell) {
        return ANCHOR.matcher(cell).replaceFirst("").strip();
    }

    /** The cells of a table row, trimmed; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().strip());
        }
        return cells;
    }
}
