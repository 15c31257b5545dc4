package io.asynciotck.tck.site;

import io.asynciotck.tck.runner.Rule;
import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The feature files of a run, as the site shows them: every file under {@code features/} (the generated
 * variants too, so that every scenario location in a report has a page line to point at), their lines,
 * and their scenarios with tags and rule IDs.
 */
final class FeatureLibrary {

    /** The folders of the variants the build writes from the features (FeatureVariants). */
    static final List<String> GENERATED = List.of("features/over_tls/", "features/accepted/", "features/accepted_over_tls/");

    /** A scenario: its name, its line, the lines its Gherkin spans (tags to last step), every tag. */
    record ScenarioText(String name, int line, int firstLine, int lastLine, List<String> tags) {

        List<String> ruleIds() {
            return Rule.idsInTags(tags);
        }
    }

    /** A feature file by its path from the class path root ({@code features/transports/x.feature}). */
    record FeatureFile(String path, String name, List<String> lines, List<ScenarioText> scenarios) {

        boolean generated() {
            return GENERATED.stream().anyMatch(path::startsWith);
        }

        /** The Gherkin of {@code scenario}, as written. */
        String text(ScenarioText scenario) {
            return String.join("\n", lines.subList(scenario.firstLine() - 1, scenario.lastLine()));
        }
    }

    private final List<FeatureFile> files;

    FeatureLibrary(List<FeatureFile> files) {
        this.files = List.copyOf(files);
    }

    List<FeatureFile> files() {
        return files;
    }

    /** The scenarios of the written features (not the generated variants) that prove {@code ruleId}. */
    List<Map.Entry<FeatureFile, ScenarioText>> scenariosOf(String ruleId) {
        List<Map.Entry<FeatureFile, ScenarioText>> found = new ArrayList<>();
        for (FeatureFile file : files) {
            if (!file.generated()) {
                file.scenarios().stream().filter(s -> s.ruleIds().contains(ruleId)).forEach(s -> found.add(Map.entry(file, s)));
            }
        }
        return found;
    }

    /** Whether {@code location} ({@code features/x.feature:12}) is a line of one of the files. */
    boolean has(String location) {
        int colon = location.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String path = location.substring(0, colon);
        int line;
        try {
            line = Integer.parseInt(location.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        return files.stream().anyMatch(file -> file.path().equals(path) && line >= 1 && line <= file.lines().size());
    }

    /** The feature files under {@code features/} on {@code loader}'s class path (a folder or a jar). */
    static FeatureLibrary bundled(ClassLoader loader) {
        URL rules = loader.getResource("features/RULES.md");
        if (rules == null) {
            throw new IllegalStateException("no features/RULES.md on the class path");
        }
        try {
            URI uri = rules.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath("/features"));
                } catch (FileSystemAlreadyExistsException openElsewhere) {
                    // something else in this JVM (a vendor's build shares it) has the jar open: read it there, leave it open
                    return read(FileSystems.getFileSystem(uri).getPath("/features"));
                }
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled features", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feature files under {@code folder}, which is the {@code features} folder itself. */
    static FeatureLibrary read(Path folder) throws IOException {
        List<FeatureFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".feature")).sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = "features/" + folder.relativize(file).toString().replace('\\', '/');
                files.add(parse(relative, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        return new FeatureLibrary(files);
    }

    static FeatureFile parse(String path, String text) {
        List<String> lines = List.of(text.split("\\R", -1));
        GherkinDocument document = GherkinParser.builder().includeSource(false).includePickles(false).build()
                .parse(path, text.getBytes(StandardCharsets.UTF_8))
                .map(Envelope::getGherkinDocument).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " is not a feature file"));
        Feature feature = document.getFeature().orElseThrow(() -> new IllegalArgumentException(path + " has no feature"));
        List<String> featureTags = feature.getTags().stream().map(Tag::getName).toList();
        List<Scenario> scenarios = feature.getChildren().stream().map(FeatureChild::getScenario).flatMap(Optional::stream).toList();
        List<ScenarioText> texts = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            int first = withCommentsAbove(lines, firstLine(scenario));
            int next = i + 1 < scenarios.size() ? withCommentsAbove(lines, firstLine(scenarios.get(i + 1))) : lines.size() + 1;
            int last = next - 1;
            while (last > first && lines.get(last - 1).isBlank()) {
                last--;
            }
            List<String> tags = new ArrayList<>(featureTags);
            scenario.getTags().stream().map(Tag::getName).forEach(tags::add);
            texts.add(new ScenarioText(scenario.getName(), scenario.getLocation().getLine().intValue(), first, last, tags));
        }
        return new FeatureFile(path, feature.getName(), lines, texts);
    }

    /** {@code line}, or the first line of the comment block right above it: a scenario's comments are its own. */
    private static int withCommentsAbove(List<String> lines, int line) {
        int first = line;
        while (first > 1 && lines.get(first - 2).strip().startsWith("#")) {
            first--;
        }
        return first;
    }

    private static int firstLine(Scenario scenario) {
        return scenario.getTags().stream().mapToInt(tag -> tag.getLocation().getLine().intValue()).min()
                .orElse(scenario.getLocation().getLine().intValue());
    }
}
