package io.asynciotck.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running echo server (see {@code EchoServer}): its port, and its answers to {@code allocated} and
 * {@code heap}. Closing it ends its standard input, which stops it; it is killed if it does not.
 */
public final class ServerProcess implements AutoCloseable {

    private static final long ANSWER_SECONDS = 60;

    private final Contender contender;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path errors;
    private final int port;

    private ServerProcess(Contender contender, Process process, Path errors) throws IOException {
        this.contender = contender;
        this.process = process;
        this.errors = errors;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String listening = answer("listening");
        this.port = Integer.parseInt(listening);
    }

    /**
     * Starts the contender's server and waits for its port.
     *
     * @throws IOException naming the contender and quoting its error output if it does not start
     */
    public static ServerProcess start(Contender contender) throws IOException {
        Path errors = Files.createTempFile("bench-" + contender.name() + "-", ".err");
        Process process = new ProcessBuilder(contender.command())
                .redirectError(errors.toFile())
                .start();
        try {
            return new ServerProcess(contender, process, errors);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IOException(contender.name() + " did not start: " + e.getMessage() + errorOutput(errors), e);
        }
    }

    public Contender contender() {
        return contender;
    }

    public int port() {
        return port;
    }

    /** Bytes allocated by the server's JVM so far, or -1 where not measured. */
    public long allocated() throws IOException {
        return Long.parseLong(ask("allocated"));
    }

    /** The server's heap in use after full collections, or -1 where not measured. */
    public long heap() throws IOException {
        return Long.parseLong(ask("heap"));
    }

    private String ask(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        return answer(command);
    }

    private String answer(String keyword) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String text;
        try {
            text = line.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException(contender.name() + " did not answer '" + keyword + "' within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(contender.name() + ": " + e.getCause(), e.getCause());
        }
        if (text == null || !text.startsWith(keyword + " ")) {
            throw new IOException(contender.name() + " answered " + (text == null ? "nothing (it ended)" : "'" + text + "'")
                    + " where '" + keyword + " ...' was expected" + errorOutput(errors));
        }
        return text.substring(keyword.length() + 1).trim();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // it is stopped below anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(errors);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    private static String errorOutput(Path errors) {
        try {
            String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : "\n" + (text.length() > 4000 ? text.substring(text.length() - 4000) : text);
        } catch (IOException e) {
            return "";
        }
    }
}
