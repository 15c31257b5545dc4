package io.asynciotck.tck.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's rule statuses in machine-readable form, {@code <reports>/<implementation>/rules.json}: what
 * the {@link MatrixReport} is made of.
 *
 * <pre>{@code
 * {"implementation": "asyncio", "description": "CPython 3.11.7 asyncio (...)",
 *  "timestamp": "2025-01-31T10:00:00Z", "selection": null,
 *  "verdict": {"label": "PASSED", "exit_code": 0, "reason": "..."},
 *  "rules": [{"id": "FC-1", "level": "required", "status": "passed"},
 *            {"id": "FC-5", "level": "required", "status": "known failure", "scope": ["@tls"],
 *             "detail": "...", "scenarios": [{"name": "...", "location": "features/...feature:20",
 *             "status": "known failure", "message": "Rule FC-5: ...", "excuse": "FC-5@tls  reason"}]}, ...]}
 * }</pre>
 *
 * @param description the implementation in words ({@link io.asynciotck.tck.driver.Driver#description()})
 * @param selection   the run's tag expression, null for all scenarios
 * @param rules       every rule of the catalogue, in its order
 */
public record RulesFile(String implementation, String description, Instant timestamp, String selection,
                        Verdict verdict, List<Entry> rules) {

    public static final String NAME = "rules.json";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * One rule: its ID, level label and {@link RuleStatus#label() status label}; for a known or flaky
     * failure, the tags its known-failures entries are scoped to ({@code @tls}; empty when an entry covers
     * all the rule's scenarios); the status's detail (an abort's reason, an entry's reason), and every
     * execution of its scenarios.
     */
    public record Entry(String id, String level, String status, List<String> scope, String detail,
                        List<Execution> scenarios) {

        public Entry {
            scope = List.copyOf(scope);
            scenarios = List.copyOf(scenarios);
        }

        public Entry(String id, String level, String status, List<String> scope) {
            this(id, level, status, scope, null, List.of());
        }

        public Entry(String id, String level, String status) {
            this(id, level, status, List.of());
        }

        /** The status, followed by the scope when there is one: {@code known failure (@tls)}. */
        public String statusWithScope() {
            return scope.isEmpty() ? status : status + " (" + String.join(", ", scope) + ")";
        }
    }

    /**
     * One execution of a scenario of a rule.
     *
     * @param location  {@code features/flow-control/flow-control.feature:27}
     * @param iteration 1, or the iteration of a repeated run
     * @param status    the {@link ScenarioStatus#label() scenario status label}
     * @param message   the failure message (with the recorded callbacks) or abort reason; empty when passed
     * @param excuse    the known-failures entry that excuses the failure, with its reason; null otherwise
     */
    public record Execution(String name, String location, int iteration, String status, String message, String excuse) {
    }

    public RulesFile {
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(verdict, "verdict");
        rules = List.copyOf(rules);
    }

    /** The file of a run's results; the timestamp is kept to the second. */
    public static RulesFile of(RunResults results, String description, Instant timestamp) {
        RunDescription run = results.description();
        List<Entry> rules = results.rules().stream()
                .map(rule -> new Entry(rule.id(), rule.rule().level().label(), rule.status().label(),
                        scope(results.knownFailures(), rule), rule.detail(), executions(results, rule)))
                .toList();
        return new RulesFile(run.implementation(), description, timestamp.truncatedTo(ChronoUnit.SECONDS),
                run.tagExpression(), results.verdict(), rules);
    }

    private static List<Execution> executions(RunResults results, RuleResult rule) {
        return rule.executions().stream()
                .map(run -> new Execution(run.name(), run.location(), run.iteration(), results.statusOf(run).label(),
                        run.message(), results.excusedBy(run).map(entry -> entry + "  " + entry.reason()).orElse(null)))
                .toList();
    }

    /**
     * The tags the rule's known-failures entries are scoped to, when its status comes from them; empty
     * when one entry covers every scenario of the rule.
     */
    private static List<String> scope(KnownFailures known, RuleResult rule) {
        if (rule.status() != RuleStatus.KNOWN_FAILURE && rule.status() != RuleStatus.FLAKY
                && rule.status() != RuleStatus.STALE_KNOWN_FAILURE) {
            return List.of();
        }
        List<KnownFailures.Entry> entries = known.entries(rule.id());
        if (entries.stream().anyMatch(entry -> entry.tag() == null)) {
            return List.of();
        }
        return entries.stream().map(entry -> "@" + entry.tag()).distinct().toList();
    }

    /** The status label of rule {@code id}, if the file has it. */
    public Optional<String> status(String id) {
        return entry(id).map(Entry::status);
    }

    /** The entry of rule {@code id}, if the file has it. */
    public Optional<Entry> entry(String id) {
        return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    /** Writes {@value #NAME} into {@code directory}; returns the file. */
    public Path writeTo(Path directory) {
        ObjectNode root = JSON.createObjectNode();
        root.put("implementation", implementation);
        root.put("description", description);
        root.put("timestamp", timestamp.toString());
        root.put("selection", selection);
        root.putObject("verdict").put("label", verdict.label()).put("exit_code", verdict.exitCode())
                .put("reason", verdict.reason());
        ArrayNode entries = root.putArray("rules");
        for (Entry rule : rules) {
            ObjectNode entry = entries.addObject().put("id", rule.id()).put("level", rule.level()).put("status", rule.status());
            if (!rule.scope().isEmpty()) {
                rule.scope().forEach(entry.putArray("scope")::add);
            }
            if (rule.detail() != null) {
                entry.put("detail", rule.detail());
            }
            if (!rule.scenarios().isEmpty()) {
                ArrayNode scenarios = entry.putArray("scenarios");
                for (Execution run : rule.scenarios()) {
                    ObjectNode scenario = scenarios.addObject().put("name", run.name()).put("location", run.location())
                            .put("status", run.status());
                    if (run.iteration() != 1) {
                        scenario.put("iteration", run.iteration());
                    }
                    if (!run.message().isEmpty()) {
                        scenario.put("message", run.message());
                    }
                    if (run.excuse() != null) {
                        scenario.put("excuse", run.excuse());
                    }
                }
            }
        }
        Path file = directory.resolve(NAME);
        try {
            Files.createDirectories(directory);
            AtomicFile.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Every {@code <reports>/<implementation>/rules.json}, in the order of their folders; a file that cannot
     * be read is left out, and said in {@code unreadable} ({@code asyncio/rules.json: why}).
     */
    public static List<RulesFile> readAll(Path reports, List<String> unreadable) {
        List<RulesFile> files = new ArrayList<>();
        try (Stream<Path> folders = Files.list(reports)) {
            for (Path file : folders.map(folder -> folder.resolve(NAME)).filter(Files::isRegularFile).sorted().toList()) {
                try {
                    files.add(read(file));
                } catch (IOException e) {
                    unreadable.add(reports.relativize(file) + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports in " + reports, e);
        }
        return files;
    }

    /**
     * Reads a file written by {@link #writeTo}.
     *
     * @throws IOException when it cannot be read or is not such a file
     */
    public static RulesFile read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.path("implementation").isTextual() || !root.path("rules").isArray()
                || !root.path("verdict").path("exit_code").isInt()) {
            throw new IOException("not a rules file: no implementation, verdict or rules");
        }
        List<Entry> rules = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            List<String> scope = new ArrayList<>();
            rule.path("scope").forEach(tag -> scope.add(tag.asText()));
            List<Execution> scenarios = new ArrayList<>();
            for (JsonNode run : rule.path("scenarios")) {
                scenarios.add(new Execution(run.path("name").asText(), run.path("location").asText(), run.path("iteration").asInt(1),
                        run.path("status").asText(), run.path("message").asText(""), run.path("excuse").asText(null)));
            }
            rules.add(new Entry(rule.path("id").asText(), rule.path("level").asText(), rule.path("status").asText(), scope,
                    rule.path("detail").asText(null), scenarios));
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(root.path("timestamp").asText());
        } catch (DateTimeParseException e) {
            throw new IOException("bad timestamp: " + e.getMessage(), e);
        }
        JsonNode verdict = root.path("verdict");
        return new RulesFile(root.path("implementation").asText(), root.path("description").asText(null), timestamp,
                root.path("selection").asText(null), new Verdict(verdict.path("exit_code").asInt(), verdict.path("reason").asText("")),
                rules);
    }
}
