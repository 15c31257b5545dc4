package io.asynciotck.tck.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The failures an implementation is known to have, from a file of lines
 * <pre>RULE-ID[@tag]  [option]...  reason</pre>
 * ({@code #} starts a comment line; blank lines are ignored). A plain entry covers every scenario of the
 * rule; a scoped one ({@code FC-1@tls}) only the rule's scenarios that carry the tag, and the rule's
 * other scenarios must still pass. The options, each in brackets, say what failure is expected:
 * <ul>
 *   <li>nothing: an {@link FailureKind#ASSERTION assertion} failure, the implementation doing what the
 *       rule forbids. A timeout or an error is not excused: it may have nothing to do with the
 *       documented divergence;</li>
 *   <li>{@code [timeout]}, {@code [error]}, {@code [assertion]}: these kinds instead (combinable);</li>
 *   <li>{@code [/regex/]}: the failure message must contain a match;</li>
 *   <li>{@code [flaky]}: a race the implementation loses only sometimes: its scenarios may pass or fail
 *       (as the entry expects) without failing the run and without the entry being stale; the reports
 *       count how often they failed.</li>
 *   <li>{@code [on RUNTIME]}: the entry applies only where the implementation runs on that runtime, as its
 *       driver names it ({@code cpython-3.11.2}, {@code pypy-3.9.16}, {@code java-17.0.15}): {@code [on pypy-3.9]}
 *       covers every PyPy 3.9, {@code [on pypy]} every PyPy. Elsewhere the entry is left out
 *       ({@link #forRuntime}), neither excusing nor stale.</li>
 * </ul>
 * A failure that an entry covers but does not expect is not excused, and the reports say why.
 */
public final class KnownFailures {

    private static final KnownFailures NONE = new KnownFailures(Map.of(), null);
    private static final Pattern ENTRY = Pattern.compile("([^@\\s\\[]+)(?:@([a-z][a-z0-9_-]*))?");
    private static final String OPTIONS = "[flaky], [assertion], [timeout], [error], [on RUNTIME] or [/regex/]";
    private static final Pattern RUNTIME = Pattern.compile("[a-z][a-z0-9_]*(-\\d+(\\.\\d+)*)?");

    /**
     * One line of the file.
     *
     * @param tag     the tag the entry is scoped to, or null for all the rule's scenarios
     * @param kinds   the kinds of failure it expects
     * @param pattern what the failure message must contain, or null
     * @param flaky   whether the scenarios may pass as well
     * @param runtime the runtime the entry is limited to ({@code pypy-3.9}), or null for every runtime
     */
    public record Entry(String ruleId, String tag, Set<FailureKind> kinds, Pattern pattern, boolean flaky,
                        String reason, String runtime) {

        public Entry(String ruleId, String tag, Set<FailureKind> kinds, Pattern pattern, boolean flaky, String reason) {
            this(ruleId, tag, kinds, pattern, flaky, reason, null);
        }

        /** Whether the entry applies on {@code runtime} ({@code pypy-3.9.16}); an entry of no runtime applies on all. */
        public boolean appliesOn(String runtime) {
            return this.runtime == null || (runtime != null && (runtime.equals(this.runtime)
                    || runtime.startsWith(this.runtime + ".") || runtime.startsWith(this.runtime + "-")));
        }

        public Entry {
            Objects.requireNonNull(ruleId, "ruleId");
            kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.of(FailureKind.ASSERTION) : EnumSet.copyOf(kinds));
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether this entry is about a scenario with these tags ({@code @tls}...). */
        public boolean covers(List<String> scenarioTags) {
            return tag == null || scenarioTags.contains("@" + tag);
        }

        /** Whether this entry excuses {@code failure}: it covers the scenario and the failure is the one expected. */
        public boolean excuses(ScenarioResult failure) {
            return failure.outcome() == ScenarioOutcome.FAILED && covers(failure.tags()) && whyNot(failure) == null;
        }

        /** Why this entry, which covers {@code failure}'s scenario, does not excuse it; null when it does. */
        String whyNot(ScenarioResult failure) {
            if (!kinds.contains(failure.kind())) {
                return "it failed with " + failure.kind().describe() + ", and " + this + " expects "
                        + kinds.stream().map(FailureKind::describe).collect(Collectors.joining(" or "))
                        + (failure.kind() == FailureKind.ASSERTION ? "" : " (add [" + failure.kind().word()
                        + "] to the entry if that is the documented behaviour)");
            }
            if (pattern != null && !pattern.matcher(failure.message()).find()) {
                return "its message does not match /" + pattern.pattern() + "/ of " + this;
            }
            return null;
        }

        /** {@code FC-1@tls [flaky] [timeout] [/reset/]}: the entry without its reason. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(ruleId);
            if (tag != null) {
                text.append('@').append(tag);
            }
            if (flaky) {
                text.append(" [flaky]");
            }
            if (!kinds.equals(EnumSet.of(FailureKind.ASSERTION))) {
                kinds.forEach(kind -> text.append(" [").append(kind.word()).append(']'));
            }
            if (runtime != null) {
                text.append(" [on ").append(runtime).append(']');
            }
            if (pattern != null) {
                text.append(" [/").append(pattern.pattern()).append("/]");
            }
            return text.toString();
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
     *                                options and a reason, an unknown option, a regex that does not
     *                                compile, an ID that is not in the catalogue, or an entry listed twice
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
            try {
                Entry entry = parseLine(line, where, catalog);
                if (entries.getOrDefault(entry.ruleId(), List.of()).stream()
                        .anyMatch(e -> Objects.equals(e.tag(), entry.tag()) && Objects.equals(e.runtime(), entry.runtime()))) {
                    errors.add(where + ": " + entry.ruleId() + (entry.tag() == null ? "" : "@" + entry.tag())
                            + (entry.runtime() == null ? "" : " [on " + entry.runtime() + "]") + " is listed twice");
                } else {
                    entries.computeIfAbsent(entry.ruleId(), k -> new ArrayList<>()).add(entry);
                }
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(String.join("; ", errors));
        }
        Map<String, List<Entry>> frozen = new LinkedHashMap<>();
        entries.forEach((id, list) -> frozen.put(id, List.copyOf(list)));
        return new KnownFailures(Collections.unmodifiableMap(frozen), source);
    }

    private static Entry parseLine(String line, String where, RuleCatalog catalog) {
        String[] parts = line.split("[\\s\\[]", 2);
        String head = parts[0];
        Matcher m = ENTRY.matcher(head);
        if (!m.matches() || !Rule.isId(m.group(1))) {
            throw new IllegalArgumentException(where + ": '" + head + "' is not a rule ID (expected e.g. FC-3, or FC-3@tls for "
                    + "the rule's scenarios tagged @tls)");
        }
        String id = m.group(1);
        if (!catalog.contains(id)) {
            throw new IllegalArgumentException(where + ": unknown rule " + id + " (not in RULES.md)");
        }
        String rest = line.substring(head.length()).strip();
        Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
        Pattern pattern = null;
        boolean flaky = false;
        String runtime = null;
        while (rest.startsWith("[")) {
            int end;
            if (rest.startsWith("[/")) {
                end = rest.indexOf("/]", 2);
                if (end < 0) {
                    throw new IllegalArgumentException(where + ": the pattern of " + head + " does not end with /]");
                }
                try {
                    pattern = Pattern.compile(rest.substring(2, end));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + ": the pattern of " + head + " is not a regular expression: "
                            + e.getDescription());
                }
                end += 2;
            } else {
                end = rest.indexOf(']');
                String option = end < 0 ? rest : rest.substring(1, end).strip().toLowerCase(Locale.ROOT);
                if (option.startsWith("on ")) {
                    runtime = option.substring(3).strip();
                    if (!RUNTIME.matcher(runtime).matches()) {
                        throw new IllegalArgumentException(where + ": [on " + runtime + "] of " + head + " is not a runtime "
                                + "(expected a name and optionally a version, such as pypy-3.9 or cpython-3.11.2)");
                    }
                    option = "on";
                }
                switch (option) {
                    case "on" -> {
                    }
                    case "flaky" -> flaky = true;
                    case "assertion" -> kinds.add(FailureKind.ASSERTION);
                    case "timeout" -> kinds.add(FailureKind.TIMEOUT);
                    case "error" -> kinds.add(FailureKind.ERROR);
                    default -> throw new IllegalArgumentException(where + ": unknown option " + (end < 0 ? rest : "[" + option + "]")
                            + " of " + head + " (the options are " + OPTIONS + ")");
                }
                end += 1;
            }
            rest = rest.substring(end).strip();
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + head + " has no reason; write 'RULE-ID  reason'");
        }
        return new Entry(id, m.group(2), kinds, pattern, flaky, rest, runtime);
    }

    public static KnownFailures read(Path file, RuleCatalog catalog) {
        try {
            return parse(Files.readString(file), file.toString(), catalog);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read known failures " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries that apply on {@code runtime} (as an implementation's driver names it, such as
     * {@code pypy-3.9.16}): those of no runtime and those of a runtime it is, or is a version of.
     */
    public KnownFailures forRuntime(String runtime) {
        Map<String, List<Entry>> kept = new LinkedHashMap<>();
        entries.forEach((id, list) -> {
            List<Entry> applying = list.stream().filter(entry -> entry.appliesOn(runtime)).toList();
            if (!applying.isEmpty()) {
                kept.put(id, applying);
            }
        });
        return new KnownFailures(Collections.unmodifiableMap(kept), source);
    }

    /** Whether the rule has an entry, scoped or not. */
    public boolean contains(String ruleId) {
        return entries.containsKey(ruleId);
    }

    /** The rule's entries, in file order. */
    public List<Entry> entries(String ruleId) {
        return entries.getOrDefault(ruleId, List.of());
    }

    /** Every entry, in file order. */
    public List<Entry> all() {
        return entries.values().stream().flatMap(List::stream).toList();
    }

    /** The entry of {@code ruleId} that excuses {@code failure}, if one does. */
    public Optional<Entry> excusing(String ruleId, ScenarioResult failure) {
        return entries(ruleId).stream().filter(entry -> entry.excuses(failure)).findFirst();
    }

    /**
     * The entry that excuses {@code failure} for every rule of its scenario: a failure is excused only when
     * each rule it counts against has an entry for it. When several do, a {@code [flaky]} one is named
     * (the failure is then a race that comes and goes), else the first rule's.
     */
    public Optional<Entry> excusing(ScenarioResult failure) {
        List<String> rules = failure.ruleIds();
        if (rules.isEmpty() || failure.outcome() != ScenarioOutcome.FAILED) {
            return Optional.empty();
        }
        Entry named = null;
        for (String rule : rules) {
            Optional<Entry> entry = excusing(rule, failure);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (named == null || (!named.flaky() && entry.get().flaky())) {
                named = entry.get();
            }
        }
        return Optional.ofNullable(named);
    }

    /**
     * Why the entries of {@code ruleId} that cover {@code failure}'s scenario do not excuse it, one reason
     * each; empty when none covers it (or one excuses it).
     */
    public List<String> whyNotExcused(String ruleId, ScenarioResult failure) {
        if (excusing(ruleId, failure).isPresent()) {
            return List.of();
        }
        return entries(ruleId).stream().filter(entry -> entry.covers(failure.tags()))
                .map(entry -> entry.whyNot(failure)).filter(Objects::nonNull).toList();
    }

    /** The reasons of the rule's entries, each after its scope and options when it has any. */
    public Optional<String> reason(String ruleId) {
        List<Entry> list = entries(ruleId);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        if (list.size() == 1 && list.get(0).toString().equals(ruleId)) {
            return Optional.of(list.get(0).reason());
        }
        return Optional.of(list.stream().map(e -> (e.toString().equals(ruleId) ? "" : e.toString().substring(ruleId.length()).strip() + ": ")
                + e.reason()).collect(Collectors.joining("; ")));
    }

    public Set<String> ruleIds() {
        return entries.keySet();
    }

    /** The file the list came from, or null for {@link #none()}. */
    public String source() {
        return source;
    }
}
