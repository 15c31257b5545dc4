package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFileTest {

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("matrix.md");
        AtomicFile.writeString(file, "old");
        AtomicFile.writeString(file, "new");

        assertThat(file).hasContent("new");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aReaderSeesOneWholeContentWhileAnotherWriterReplacesIt(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("rules.json");
        String small = "a".repeat(10);
        String large = "b".repeat(4_000_000);
        AtomicFile.writeString(file, small);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    AtomicFile.writeString(file, i % 2 == 0 ? large : small);
                }
                writing.set(false);
                return null;
            });
            while (writing.get()) {
                assertThat(Files.readString(file)).isIn(small, large);
            }
            writes.get();
        } finally {
            writer.shutdownNow();
        }
    }
}
