package io.asynciotck.tck.junit;

import io.asynciotck.tck.cli.TckMain;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TCK in a vendor's own build: extend this class in the test sources, name the implementation, and
 * {@code mvn verify} runs every scenario against it, with the verdict of {@code java -jar tck.jar}.
 *
 * <pre>{@code
 * class MyLoopConformanceTest extends AsyncioTransportsTck {
 *     @Override
 *     protected String implementation() {
 *         return "my-loop";                                // the provider's name()
 *     }
 *
 *     @Override
 *     protected Path knownFailures() {
 *         return Path.of("src/test/resources/known-failures.txt");
 *     }
 * }
 * }</pre>
 *
 * <p>The implementation is found on the test class path with {@link java.util.ServiceLoader}, by the name
 * its {@code EventLoopProvider} gives; the TCK library brings no implementation of its own, and a name no
 * provider has fails the run (no other implementation is ever tested in its place). The run is the
 * command line's: the scenarios run in a JVM of their own, started from this one with the same class path;
 * this JVM judges the record and writes the reports ({@link #reports()}); options and their system
 * properties and environment variables ({@code tck.timeout}, {@code TCK_TIMEOUT_FACTOR}...) mean what they
 * mean there.
 *
 * <p>The results come back as tests: one per rule, named after it ({@code [FC-1] pause_writing() is
 * called when the buffer goes over the high-water mark.}), then the verdict. The build fails exactly when
 * the jar would exit with anything but 0: a required rule that failed without a known-failures entry
 * fails its test; a known failure, a declared flaky race, a failed rule that does not gate, and a rule
 * whose scenarios do not apply (a capability the provider does not declare) are aborted tests that say
 * why; the verdict test fails on whatever else the jar fails on (nothing ran, the implementation stopped
 * answering, a bad configuration).
 *
 * <p>Every method but {@link #implementation()} has a default; {@link #rules()} and {@link #tags()} read
 * the system properties {@code tck.rules} and {@code tck.tags} (and {@link #reports()} {@code tck.reports}), so that
 * {@code mvn verify -Dtck.rules=FC-1,WT-3} works on a few rules without a change to the class.
 */
public abstract class AsyncioTransportsTck {

    /** The name of the implementation's {@code EventLoopProvider}, as its {@code name()} returns it. */
    protected abstract String implementation();

    /**
     * The known-failures file ({@code --known-failures}), relative to the working directory (the
     * module's folder in a Maven build); null for none.
     */
    protected Path knownFailures() {
        return null;
    }

    /** The rules whose scenarios run ({@code --rules}); empty for all. Default: the property {@code tck.rules}. */
    protected List<String> rules() {
        String rules = System.getProperty("tck.rules", "").strip();
        return rules.isEmpty() ? List.of() : Arrays.stream(rules.split("\\s*,\\s*")).toList();
    }

    /** A Cucumber tag expression the scenarios must match ({@code --tags}); null for all. Default: {@code tck.tags}. */
    protected String tags() {
        String tags = System.getProperty("tck.tags", "").strip();
        return tags.isEmpty() ? null : tags;
    }

    /**
     * Where the reports go ({@code --reports}), in a folder named after the implementation; the folder's
     * {@code matrix.md} compares every implementation reported there. Default: the property
     * {@code tck.reports}, else {@code target/asyncio-tck}.
     */
    protected Path reports() {
        String reports = System.getProperty("tck.reports", "").strip();
        return reports.isEmpty() ? Path.of("target", "asyncio-tck") : Path.of(reports);
    }

    /** {@code --timeout}: how long an expected callback may take; null for the property, variable or default. */
    protected Duration timeout() {
        return null;
    }

    /** {@code --quiet}: how long to watch for a callback that must not happen; null for the default. */
    protected Duration quiet() {
        return null;
    }

    /** {@code --startup-timeout}: how long a process may take to start; null for the default. */
    protected Duration startupTimeout() {
        return null;
    }

    /** {@code --timeout-factor}: multiplies every timeout; null for the default. */
    protected Double timeoutFactor() {
        return null;
    }

    /** Any other option of the command line, as words: {@code List.of("--repeat", "3")}. */
    protected List<String> options() {
        return List.of();
    }

    /** The command line this class runs. */
    final List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--impl", implementation(), "--reports", reports().toString()));
        if (knownFailures() != null) {
            args.addAll(List.of("--known-failures", knownFailures().toString()));
        }
        if (!rules().isEmpty()) {
            args.addAll(List.of("--rules", String.join(",", rules())));
        }
        if (tags() != null) {
            args.addAll(List.of("--tags", tags()));
        }
        if (timeout() != null) {
            args.addAll(List.of("--timeout", timeout().toString()));
        }
        if (quiet() != null) {
            args.addAll(List.of("--quiet", quiet().toString()));
        }
        if (startupTimeout() != null) {
            args.addAll(List.of("--startup-timeout", startupTimeout().toString()));
        }
        if (timeoutFactor() != null) {
            args.addAll(List.of("--timeout-factor", timeoutFactor().toString()));
        }
        args.addAll(options());
        return args;
    }

    @TestFactory
    @DisplayName("asyncio transports and protocols: ")
    final List<DynamicTest> transportsAndProtocols() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new Tee(System.err, errors), true, StandardCharsets.UTF_8);
        TckMain.Outcome outcome = TckMain.launch(arguments().toArray(String[]::new), System.out, err);
        return RuleTests.of(outcome, errors.toString(StandardCharsets.UTF_8));
    }

    /** Copies the run's error output to the console and keeps it for the verdict's message. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream kept;

        Tee(OutputStream console, OutputStream kept) {
            this.console = console;
            this.kept = kept;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            console.write(b);
            kept.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            console.write(b, off, len);
            kept.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            console.flush();
        }
    }
}
