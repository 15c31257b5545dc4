package io.asynciotck.tck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.asynciotck.tck.events.Timeouts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A checked command line, as the JVM that runs the scenarios needs it ({@link TckWorker}): every value
 * already resolved (the timeouts from flags, properties and environment; a named driver's command line),
 * written to a file by the judging JVM and read back by the worker.
 *
 * @param impl              the provider's name, or null for the only one
 * @param implJars          the vendor's jars and class folders
 * @param providerClasses   the provider classes those jars list, to choose among (empty: every provider)
 * @param driverCommand     the driver's command line, or null for an implementation in the TCK's JVM
 * @param selection         the Cucumber tag expression, or null for every scenario
 * @param reports           the reports' root folder
 * @param knownFailures     the known-failures file, or null
 * @param unresponsiveLimit consecutive unresponsive scenarios after which the rest are not run
 */
record RunOptions(String impl, List<Path> implJars, List<String> providerClasses, List<String> driverCommand,
                  Timeouts timeouts, List<Path> features, String selection, Path reports, Path knownFailures,
                  int repeat, int unresponsiveLimit) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    RunOptions {
        implJars = List.copyOf(implJars);
        providerClasses = List.copyOf(providerClasses);
        driverCommand = driverCommand == null ? null : List.copyOf(driverCommand);
        Objects.requireNonNull(timeouts, "timeouts");
        features = List.copyOf(features);
        Objects.requireNonNull(reports, "reports");
    }

    void writeTo(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("impl", impl);
        strings(root.putArray("implJars"), implJars.stream().map(Path::toString).toList());
        strings(root.putArray("providerClasses"), providerClasses);
        if (driverCommand != null) {
            strings(root.putArray("driverCommand"), driverCommand);
        }
        root.putObject("timeouts").put("arrival", timeouts.arrival().toNanos()).put("quiet", timeouts.quiet().toNanos())
                .put("startup", timeouts.startup().toNanos()).put("factor", timeouts.factor());
        strings(root.putArray("features"), features.stream().map(Path::toString).toList());
        root.put("selection", selection);
        root.put("reports", reports.toString());
        root.put("knownFailures", knownFailures == null ? null : knownFailures.toString());
        root.put("repeat", repeat);
        root.put("unresponsiveLimit", unresponsiveLimit);
        Files.writeString(file, JSON.writeValueAsString(root));
    }

    static RunOptions readFrom(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode timeouts = root.get("timeouts");
        return new RunOptions(text(root, "impl"), paths(root.get("implJars")), strings(root.get("providerClasses")),
                root.hasNonNull("driverCommand") ? strings(root.get("driverCommand")) : null,
                new Timeouts(Duration.ofNanos(timeouts.get("arrival").longValue()), Duration.ofNanos(timeouts.get("quiet").longValue()),
                        Duration.ofNanos(timeouts.get("startup").longValue()), timeouts.get("factor").doubleValue()),
                paths(root.get("features")), text(root, "selection"), Path.of(root.get("reports").textValue()),
                root.hasNonNull("knownFailures") ? Path.of(root.get("knownFailures").textValue()) : null,
                root.get("repeat").intValue(), root.get("unresponsiveLimit").intValue());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.textValue()));
        return values;
    }

    private static List<Path> paths(JsonNode array) {
        return strings(array).stream().map(Path::of).toList();
    }

    private static String text(JsonNode root, String field) {
        return root.hasNonNull(field) ? root.get(field).textValue() : null;
    }
}
