package io.asynciotck.tck.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that a reader sees the old content or the whole new one, never a part: the content
 * goes to a temporary file beside it, which then replaces it in one rename. Two runs that share a reports
 * folder (CI runs several at once) may rewrite {@code matrix.md} while the other reads their
 * {@code rules.json}.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    public static void writeString(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".part");
        try {
            Files.writeString(temporary, content);
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // a temporary file is the owner's only; a report is for anyone who may read the folder
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
