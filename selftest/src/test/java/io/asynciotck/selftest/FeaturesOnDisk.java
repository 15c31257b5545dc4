package io.asynciotck.selftest;

import io.asynciotck.tck.runner.TckRun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The TCK's bundled features as a folder on disk, so that runs on several threads at once can select
 * them with directory selectors. Selecting them on the class path (a package selector) makes the JUnit
 * Platform open the TCK jar as a zip file system while Cucumber, scanning the glue of another run, has
 * it open too: the scan fails with FileSystemAlreadyExistsException and finds no scenarios
 * (junit-framework#6080).
 */
final class FeaturesOnDisk {

    private FeaturesOnDisk() {
    }

    /** The bundled features' folder: itself when the TCK is a class folder, else a copy under {@code target}. */
    static Path of(Path copyTarget) {
        URL marker = FeaturesOnDisk.class.getClassLoader().getResource(TckRun.BUNDLED_FEATURES + "/RULES.md");
        if (marker == null) {
            throw new IllegalStateException("the TCK's features are not on the class path");
        }
        try {
            if (marker.getProtocol().equals("file")) {
                return Path.of(marker.toURI()).getParent();
            }
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                copy(jar, copyTarget);
            }
            return copyTarget;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the TCK's features to " + copyTarget, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(JarFile jar, Path target) throws IOException {
        String prefix = TckRun.BUNDLED_FEATURES + "/";
        for (JarEntry entry : java.util.Collections.list(jar.entries())) {
            if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                continue;
            }
            Path file = target.resolve(entry.getName().substring(prefix.length())).normalize();
            if (!file.startsWith(target)) {
                throw new IOException("an entry outside the features folder: " + entry.getName());
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
