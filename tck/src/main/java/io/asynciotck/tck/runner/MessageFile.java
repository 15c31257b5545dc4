package io.asynciotck.tck.runner;

import io.cucumber.messages.ndjson.Deserializer;
import io.cucumber.messages.ndjson.Serializer;
import io.cucumber.messages.types.Envelope;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's record: Cucumber's messages as newline-delimited JSON ({@code cucumber-messages.ndjson}), the
 * standard interchange format of Cucumber, from which every report is made. Each message is written and
 * flushed to the operating system as soon as it comes, so that the record of what ran survives a JVM
 * that ends in the middle (an implementation that calls {@code System.exit} or {@code Runtime.halt}).
 */
public final class MessageFile implements AutoCloseable {

    public static final String NAME = "cucumber-messages.ndjson";

    private final Serializer serializer = new Serializer();
    private final OutputStream out;
    private final Path path;

    private MessageFile(Path path) throws IOException {
        this.path = path;
        Files.createDirectories(path.toAbsolutePath().getParent());
        this.out = new FileOutputStream(path.toFile());
    }

    /** Creates (or empties) the file. */
    public static MessageFile create(Path path) {
        try {
            return new MessageFile(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's record " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Appends one message as one line, in one write. */
    public synchronized void write(Envelope envelope) {
        try {
            StringWriter line = new StringWriter();
            serializer.writeValue(line, envelope);
            line.write('\n');
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's record " + path, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the run's record " + path, e);
        }
    }

    /**
     * Reads a record. A last line cut short (the JVM that wrote it ended in the middle of it) is left out;
     * any other line that is not a message is an error.
     *
     * @throws IOException when the file cannot be read, or a line before the last is not a message
     */
    public static List<Envelope> read(Path path) throws IOException {
        Deserializer deserializer = new Deserializer();
        List<Envelope> envelopes = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            String bad = null;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (bad != null) {
                    throw new IOException(path + " line " + (number - 1) + " is not a Cucumber message: " + bad);
                }
                try {
                    envelopes.add(deserializer.readValue(line));
                } catch (IOException | RuntimeException e) {
                    bad = line.length() > 200 ? line.substring(0, 200) + "..." : line;
                }
            }
        }
        return envelopes;
    }
}
