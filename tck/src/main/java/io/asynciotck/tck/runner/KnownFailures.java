package io.asynciotck.tck.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules an implementation is known to fail, from a file of lines {@code RULE-ID  reason}
 * ({@code #} starts a comment line; blank lines are ignored). A listed rule's failure does not fail the
 * run; a listed rule that passes is reported as a stale entry.
 */
public final class KnownFailures {

    private static final KnownFailures NONE = new KnownFailures(Map.of(), null);

    private final Map<String, String> reasons;
    private final String source;

    private KnownFailures(Map<String, String> reasons, String source) {
        this.reasons = reasons;
        this.source = source;
    }

    public static KnownFailures none() {
        return NONE;
    }

    /**
     * Parses the list, checking every ID against the catalogue.
     *
     * @param source names the list in error messages and reports
     * @throws ConfigurationException for a line that is not an ID followed by a reason, an ID that is
     *                                not in the catalogue, or an ID listed twice
     */
    public static KnownFailures parse(String text, String source, RuleCatalog catalog) {
        Map<String, String> reasons = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] parts = line.split("\\s+", 2);
            String id = parts[0];
            if (!Rule.isId(id)) {
                errors.add(where + ": '" + id + "' is not a rule ID (expected e.g. FC-3)");
            } else if (!catalog.contains(id)) {
                errors.add(where + ": unknown rule " + id + " (not in RULES.md)");
            } else if (parts.length < 2) {
                errors.add(where + ": " + id + " has no reason; write 'RULE-ID  reason'");
            } else if (reasons.containsKey(id)) {
                errors.add(where + ": " + id + " is listed twice");
            } else {
                reasons.put(id, parts[1].strip());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(String.join("; ", errors));
        }
        return new KnownFailures(Collections.unmodifiableMap(reasons), source);
    }

    public static KnownFailures read(Path file, RuleCatalog catalog) {
        try {
            return parse(Files.readString(file), file.toString(), catalog);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read known failures " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean contains(String ruleId) {
        return reasons.containsKey(ruleId);
    }

    public Optional<String> reason(String ruleId) {
        return Optional.ofNullable(reasons.get(ruleId));
    }

    public Set<String> ruleIds() {
        return reasons.keySet();
    }

    /** The file the list came from, or null for {@link #none()}. */
    public String source() {
        return source;
    }
}
