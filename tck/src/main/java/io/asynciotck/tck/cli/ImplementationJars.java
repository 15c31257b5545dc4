package io.asynciotck.tck.cli;

import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.tck.runner.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The jars and class folders of {@code --impl-jar}, checked before anything runs: each must be a readable
 * jar (or folder), and together they must list at least one event loop provider in
 * {@value #SERVICES}; otherwise the run would test something else than the vendor's implementation (the
 * bundled reference) and could pass. Read as files: no class of theirs is loaded here.
 */
record ImplementationJars(List<Path> paths, Set<String> providerClasses) {

    static final String SERVICES = "META-INF/services/" + EventLoopProvider.class.getName();

    /**
     * @throws ConfigurationException naming the path and what is wrong with it
     */
    static ImplementationJars check(List<Path> paths) {
        Set<String> providers = new LinkedHashSet<>();
        for (Path path : paths) {
            providers.addAll(providersListedIn(path));
        }
        if (!paths.isEmpty() && providers.isEmpty()) {
            throw new ConfigurationException("--impl-jar " + String.join(", ", paths.stream().map(Path::toString).toList())
                    + ": no event loop provider: " + (paths.size() == 1 ? "it does" : "none of them does")
                    + " not list one in " + SERVICES
                    + " (write the provider's class name there; see the README, 'Running the TCK against your implementation')");
        }
        return new ImplementationJars(List.copyOf(paths), Set.copyOf(providers));
    }

    private static List<String> providersListedIn(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigurationException("--impl-jar: no such file: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new ConfigurationException("--impl-jar " + path + ": not readable");
        }
        try {
            if (Files.isDirectory(path)) {
                Path services = path.resolve(SERVICES);
                return Files.isRegularFile(services) ? classNames(Files.readString(services)) : List.of();
            }
            try (ZipFile jar = new ZipFile(path.toFile())) {
                ZipEntry services = jar.getEntry(SERVICES);
                if (services == null) {
                    return List.of();
                }
                try (InputStream in = jar.getInputStream(services)) {
                    return classNames(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("--impl-jar " + path + ": not a jar file or class folder (" + e.getMessage() + ")", e);
        }
    }

    /** The class names of a services file: one a line, {@code #} starting a comment. */
    static List<String> classNames(String services) {
        List<String> names = new ArrayList<>();
        for (String line : services.split("\\R")) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
