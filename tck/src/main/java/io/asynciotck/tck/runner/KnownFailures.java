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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules an implementation is known to fail, from a file of lines {@code RULE-ID  reason} or
 * {@code RULE-ID@tag  reason} ({@code #} starts a comment line; blank lines are ignored). A plain entry
 * excuses every failing scenario of the rule; a scoped one only the rule's scenarios that carry the
 * tag, such as {@code FC-1@tls} for the TLS variants (the rule's other scenarios must still pass). A
 * rule whose failures are all excused does not fail the run; an entry whose scenarios all passed is
 * reported as stale.
 */
public final class KnownFailures {

    private static final KnownFailures NONE = new KnownFailures(Map.of(), null);
    private static final Pattern ENTRY = Pattern.compile("([^@\\s]+)(?:@([a-z][a-z0-9_-]*))?");

    /** One line: the rule, the tag it is scoped to (null for all the rule's scenarios), why. */
    public record Entry(String ruleId, String tag, String reason) {

        /** Whether this entry excuses a failure of a scenario with these tags ({@code @tls}...). */
        public boolean covers(List<String> scenarioTags) {
            return tag == null || scenarioTags.contains("@" + tag);
        }

        @Override
        public String toString() {
            return ruleId + (tag == null ? "" : "@" + tag);
        }
    }

    private final Map<String, List<Entry>> entries;
    private final String source;

    private KnownFailures(Map<String, List<Entry>> entries, String source) {
        this.entries = entries;
        this.source = source;
    }

    public static KnownFailures none() {
        return NONE;
    }

    /**
     * Parses the list, checking every ID against the catalogue.
     *
     * @param source names the list in error messages and reports
     * @throws ConfigurationException for a line that is not an ID (optionally {@code @tag}) followed by
     *                                a reason, an ID that is not in the catalogue, or an entry listed twice
     */
    public static KnownFailures parse(String text, String source, RuleCatalog catalog) {
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] parts = line.split("\\s+", 2);
            Matcher m = ENTRY.matcher(parts[0]);
            String id = m.matches() ? m.group(1) : parts[0];
            String tag = m.matches() ? m.group(2) : null;
            if (!m.matches() || !Rule.isId(id)) {
                errors.add(where + ": '" + parts[0] + "' is not a rule ID (expected e.g. FC-3, or FC-3@tls for "
                        + "the rule's scenarios tagged @tls)");
            } else if (!catalog.contains(id)) {
                errors.add(where + ": unknown rule " + id + " (not in RULES.md)");
            } else if (parts.length < 2) {
                errors.add(where + ": " + parts[0] + " has no reason; write 'RULE-ID  reason'");
            } else if (entries.getOrDefault(id, List.of()).stream().anyMatch(e -> java.util.Objects.equals(e.tag(), tag))) {
                errors.add(where + ": " + parts[0] + " is listed twice");
            } else {
                entries.computeIfAbsent(id, k -> new ArrayList<>()).add(new Entry(id, tag, parts[1].strip()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(String.join("; ", errors));
        }
        Map<String, List<Entry>> frozen = new LinkedHashMap<>();
        entries.forEach((id, list) -> frozen.put(id, List.copyOf(list)));
        return new KnownFailures(Collections.unmodifiableMap(frozen), source);
    }

    public static KnownFailures read(Path file, RuleCatalog catalog) {
        try {
            return parse(Files.readString(file), file.toString(), catalog);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read known failures " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the rule has an entry, scoped or not. */
    public boolean contains(String ruleId) {
        return entries.containsKey(ruleId);
    }

    /** The rule's entries, in file order. */
    public List<Entry> entries(String ruleId) {
        return entries.getOrDefault(ruleId, List.of());
    }

    /** Whether an entry of the rule excuses the failure of a scenario with these tags. */
    public boolean excuses(String ruleId, List<String> scenarioTags) {
        return entries(ruleId).stream().anyMatch(entry -> entry.covers(scenarioTags));
    }

    /** The reasons of the rule's entries, each after its scope when it has one. */
    public Optional<String> reason(String ruleId) {
        List<Entry> list = entries(ruleId);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        if (list.size() == 1 && list.get(0).tag() == null) {
            return Optional.of(list.get(0).reason());
        }
        return Optional.of(list.stream().map(e -> (e.tag() == null ? "" : "@" + e.tag() + ": ") + e.reason())
                .collect(Collectors.joining("; ")));
    }

    public Set<String> ruleIds() {
        return entries.keySet();
    }

    /** The file the list came from, or null for {@link #none()}. */
    public String source() {
        return source;
    }
}
