package io.asynciotck.tck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The TCK's command line run as a vendor or a CI job runs it: {@code java ... TckMain ARGS} in a process of
 * its own, with this test's class path, so that what it does to its JVM (and what an implementation does
 * to it) stays out of the test's JVM. Every process of the run carries a marker in its environment, which
 * children inherit, so that {@link #leftRunning()} finds whatever outlived it, orphans included.
 */
final class TckProcess {

    static final String MARKER = "TCK_TEST_RUN";

    /** How a run ended. */
    record Ended(int exitCode, String out, String err, Duration took) {

        /** The console's verdict line. */
        String verdict() {
            return out.lines().filter(line -> line.startsWith("Verdict: ")).findFirst().orElse("(no verdict line)");
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + " after " + took.toMillis() + " ms\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    /** Whether {@code env --default-signal} (GNU coreutils 8.31 and later) is there to reset the signals. */
    static final boolean DEFAULT_SIGNALS = canResetSignals();

    private final String marker = UUID.randomUUID().toString();
    private final Path folder;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private long started;

    TckProcess(Path folder, String... jvmOptions) {
        this.folder = folder;
        this.jvmOptions.addAll(List.of(jvmOptions));
    }

    /**
     * Starts the command line. SIGINT and SIGTERM are set to their default action in the TCK's process, as
     * in a terminal: a test running in the background (Maven started with {@code &}) inherits SIGINT
     * ignored, and an ignored signal stays ignored across {@code exec}.
     */
    TckProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (DEFAULT_SIGNALS) {
            command.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TckMain.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(folder.resolve("out.txt").toFile())
                .redirectError(folder.resolve("err.txt").toFile());
        builder.environment().put(MARKER, marker);
        started = System.nanoTime();
        process = builder.start();
        return this;
    }

    /** Runs the command line to its end, waiting at most {@code limit}. */
    Ended run(Duration limit, String... args) throws IOException, InterruptedException {
        return start(args).await(limit);
    }

    /** Waits for the end; a run that outlasts {@code limit} is killed, and the test fails. */
    Ended await(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the TCK did not end within " + limit + ":\n" + read("out.txt") + "\n" + read("err.txt"));
        }
        return new Ended(process.exitValue(), read("out.txt"), read("err.txt"), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The run's output so far. */
    String outSoFar() throws IOException {
        return read("out.txt");
    }

    Process process() {
        return process;
    }

    private String read(String name) throws IOException {
        Path file = folder.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /**
     * The processes of this run still alive, as {@code pid command}: waits up to 5 s for them to go, since
     * a killed process takes a moment to disappear.
     */
    List<String> leftRunning() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = marked();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return left;
    }

    private List<String> marked() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String environment = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                    if (environment.contains(MARKER + "=" + marker)) {
                        String status = Files.readString(proc.resolve("status"));
                        if (!status.contains("State:\tZ")) {
                            found.add(proc.getFileName() + " " + Files.readString(proc.resolve("cmdline")).replace('\0', ' '));
                        }
                    }
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    private static boolean canResetSignals() {
        try {
            return new ProcessBuilder("env", "--default-signal=INT,TERM", "true").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A jar holding only a services file that lists {@code providers} (whose classes are on the class path). */
    static Path jarListing(Path folder, String name, String... providers) throws IOException {
        Path jar = folder.resolve(name);
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(ImplementationJars.SERVICES));
            out.write(String.join("\n", providers).concat("\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            out.write("a test jar".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
