package io.asynciotck.tck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asynciotck.tck.runner.AtomicFile;
import io.asynciotck.tck.runner.Discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the JVM that runs the scenarios ({@link TckWorker}) tells the one that judges them
 * ({@link ForkedRun}), as small JSON files in a folder of their own, each written whole (to a temporary
 * name, then moved): {@code options.json} (the checked command line, {@link RunOptions}), then
 * {@code started.json} once the implementation is loaded, {@code finished.json} once the run ended and the
 * implementation was closed, or {@code error.json} for a command line that turned out wrong. A file that
 * is missing tells how far the worker got: the judging JVM never takes the worker's exit status for a
 * verdict.
 */
final class Handshake {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The implementation under test, and where the run's record goes. */
    record Started(String implementation, String description, String runtime, Path reportDirectory) {
    }

    /** The run's end: the scenarios found, and errors outside the scenarios. */
    record Finished(Discovery discovery, List<String> runErrors) {
    }

    /** A configuration error ({@code exitCode} 2) or an internal one (1). */
    record Failed(int exitCode, String message) {
    }

    private final Path folder;

    Handshake(Path folder) {
        this.folder = folder;
    }

    Path options() {
        return folder.resolve("options.json");
    }

    void started(Started started) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("implementation", started.implementation());
        root.put("description", started.description());
        root.put("runtime", started.runtime());
        root.put("reportDirectory", started.reportDirectory().toString());
        write("started.json", root);
    }

    Optional<Started> started() throws IOException {
        return read("started.json").map(root -> new Started(root.get("implementation").textValue(),
                root.get("description").textValue(), root.path("runtime").asText(""), Path.of(root.get("reportDirectory").textValue())));
    }

    void finished(Finished finished) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenarios", finished.discovery().scenarios());
        ObjectNode byRule = root.putObject("scenariosByRule");
        finished.discovery().scenariosByRule().forEach((id, names) -> names.forEach(byRule.withArray(id)::add));
        finished.runErrors().forEach(root.putArray("runErrors")::add);
        if (finished.runErrors().isEmpty()) {
            root.putArray("runErrors");
        }
        write("finished.json", root);
    }

    Optional<Finished> finished() throws IOException {
        return read("finished.json").map(root -> {
            Map<String, List<String>> byRule = new LinkedHashMap<>();
            root.get("scenariosByRule").properties().forEach(entry -> {
                List<String> names = new ArrayList<>();
                entry.getValue().forEach(name -> names.add(name.textValue()));
                byRule.put(entry.getKey(), names);
            });
            List<String> errors = new ArrayList<>();
            root.get("runErrors").forEach(error -> errors.add(error.textValue()));
            return new Finished(new Discovery(root.get("scenarios").intValue(), byRule), errors);
        });
    }

    void failed(Failed failed) throws IOException {
        write("error.json", JSON.createObjectNode().put("exitCode", failed.exitCode()).put("message", failed.message()));
    }

    Optional<Failed> failed() throws IOException {
        return read("error.json").map(root -> new Failed(root.get("exitCode").intValue(), root.get("message").textValue()));
    }

    private void write(String name, JsonNode content) throws IOException {
        AtomicFile.writeString(folder.resolve(name), JSON.writeValueAsString(content));
    }

    private Optional<JsonNode> read(String name) throws IOException {
        Path file = folder.resolve(name);
        return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
    }
}
