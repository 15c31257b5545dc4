package io.asynciotck.tck.cli;

import io.asynciotck.tck.outofprocess.BundledPythonDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's answers to bad input, help and version, and the rule listing; nothing here runs scenarios. */
class TckMainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        Function<String, String> env = environment::get;
        return TckMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), name -> null, env);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertUsageError(int code, String message) {
        assertThat(code).isEqualTo(2);
        assertThat(err().lines()).containsExactly("tck: " + message, TckMain.USAGE_HINT);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertUsageError(run("--frobnicate"), "Unknown option: '--frobnicate'");
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertUsageError(run("--timeout", "soon"),
                "Invalid value for option '--timeout': 'soon' is not a duration (use e.g. 500ms, 5s, 2m)");
    }

    @Test
    void aBadDurationFromTheEnvironmentIsAUsageError() {
        assertUsageError(run(Map.of("TCK_QUIET", "-1s")),
                "environment variable TCK_QUIET: '-1s' is not a duration (use e.g. 500ms, 5s, 2m)");
    }

    @Test
    void aMissingFeatureFolderIsAUsageError() {
        Path missing = tmp.resolve("missing");
        assertUsageError(run("--features", missing.toString()), "--features: not a directory: " + missing);
    }

    @Test
    void aMissingImplementationJarIsAUsageError() {
        Path missing = tmp.resolve("vendor.jar");
        assertUsageError(run("--impl-jar", missing.toString()), "--impl-jar: no such file: " + missing);
    }

    @Test
    void aMissingKnownFailuresFileIsAUsageError() {
        Path missing = tmp.resolve("known.txt");
        assertUsageError(run("--known-failures", missing.toString()), "--known-failures: no such file: " + missing);
    }

    @Test
    void aBadKnownFailuresLineIsAUsageError() throws IOException {
        Path known = Files.writeString(tmp.resolve("known.txt"), "# ours\nZZ-999 not a rule\n");
        assertUsageError(run("--known-failures", known.toString()),
                known + " line 2: unknown rule ZZ-999 (not in RULES.md)");
    }

    @Test
    void anUnknownRuleIsAUsageError() {
        assertUsageError(run("--rules", "ZZ-999"), "unknown rule ZZ-999 (not in RULES.md; see --list-rules)");
    }

    @Test
    void aBadTagExpressionIsAUsageError() {
        assertThat(run("--tags", "@a and")).isEqualTo(2);
        assertThat(err()).startsWith("tck: invalid tag expression '@a and': ");
    }

    @Test
    void anUnknownImplementationIsAUsageError() {
        assertUsageError(run("--impl", "nope", "--reports", tmp.toString()),
                "--impl: No implementation named 'nope'; found [reference]");
    }

    @Test
    void aRepeatCountBelowOneIsAUsageError() {
        assertUsageError(run("--repeat", "0"), "--repeat must be at least 1, got 0");
    }

    @Test
    void aDriverExcludesAnImplementation() {
        String message = "--driver and --impl/--impl-jar are mutually exclusive: --driver tests an implementation "
                + "in other processes, --impl and --impl-jar one in the TCK's JVM";
        assertUsageError(run("--driver", "my-driver --fast", "--impl", "reference"), message);
        err.reset();
        assertUsageError(run("--impl-jar", tmp.resolve("vendor.jar").toString(), "--driver", "asyncio"), message);
    }

    @Test
    void pythonAppliesToTheBundledDriversOnly() {
        assertUsageError(run("--python", "/usr/bin/python3"), "--python applies to the bundled drivers only: --driver asyncio, uvloop or python:MODULE:CALLABLE");
        err.reset();
        assertUsageError(run("--python", "/usr/bin/python3", "--driver", "./my-driver"),
                "--python applies to the bundled drivers only: --driver asyncio, uvloop or python:MODULE:CALLABLE");
    }

    @Test
    void aDriverCommandMustSplit() {
        assertUsageError(run("--driver", "python3 'driver.py"), "--driver: unterminated single quote in: python3 'driver.py");
        err.reset();
        assertUsageError(run("--driver", "  "), "--driver: the command is empty");
    }

    @Test
    void aDriverThatCannotStartIsAUsageError() {
        assertThat(run("--driver", "/no/such/driver --loop x", "--reports", tmp.toString())).isEqualTo(2);
        assertThat(err()).startsWith("tck: --driver: Cannot start the driver [/no/such/driver, --loop, x]: ")
                .endsWith(TckMain.USAGE_HINT + System.lineSeparator());
    }

    @Test
    void aDriverThatFailsItsHelloIsAUsageErrorShowingWhatCameBack() throws Exception {
        Path script = Path.of(getClass().getResource("/fake-drivers/fake-driver.sh").toURI());
        assertThat(run("--driver", "/bin/sh \"" + script + "\" old-protocol", "--reports", tmp.toString())).isEqualTo(2);
        assertThat(err()).startsWith("tck: --driver: The driver [/bin/sh, " + script + ", old-protocol] (pid ")
                .contains("answered with a reply that is not valid protocol: the child speaks protocol version 2, the TCK speaks 1")
                .contains("received: {\"type\":\"reply\",\"id\":1,");
        assertThat(tmp.resolve("fake")).doesNotExist();
    }

    @Test
    void aNamedDriverRunsTheBundledScriptWithTheConfiguredPython() {
        Assumptions.assumeTrue(getClass().getClassLoader().getResource(BundledPythonDriver.RESOURCE) != null,
                "this build bundles no Python driver");
        assertThat(run(Map.of("TCK_PYTHON", "/no/such/python"), "--driver", "uvloop", "--reports", tmp.toString())).isEqualTo(2);
        assertThat(err()).startsWith("tck: --driver: Cannot start the driver [/no/such/python, ")
                .contains("asyncio_driver", ".py, --loop, uvloop]")
                .contains("(the bundled drivers run with --python PATH, else $TCK_PYTHON, else python3)");
        err.reset();
        assertThat(run(Map.of("TCK_PYTHON", "/no/such/python"), "--driver", "asyncio", "--python", "/no/python3",
                "--reports", tmp.toString())).isEqualTo(2);
        assertThat(err()).startsWith("tck: --driver: Cannot start the driver [/no/python3, ");
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar tck.jar")
                .contains("--impl=NAME", "--impl-jar=PATH", "--driver=COMMAND", "--python=PATH", "--tags=EXPR", "--rules=ID", "--features=DIR",
                        "--timeout=DURATION", "--quiet=DURATION", "--reports=DIR", "--known-failures=FILE",
                        "--repeat=N", "--list-rules", "--version")
                .contains("Exit codes:", "  3  no scenario passed or failed");
        assertThat(err()).isEmpty();
    }

    @Test
    void versionNamesTheTck() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("asyncio transports and protocols TCK ");
    }

    @Test
    void listRulesPrintsTheCatalogueWithScenarioCounts() {
        assertThat(run("--list-rules")).isZero();
        assertThat(out().lines().findFirst()).contains("RULE    LEVEL              SCENARIOS TITLE");
        assertThat(out()).containsPattern("(?m)^[A-Z]{2}-\\d+ +(required|platform-specific|informative) +\\d+ \\S.*$")
                .contains("BT-1    required")
                .containsPattern("(?m)^\\d+ rules \\(\\d+ required, \\d+ platform-specific, \\d+ informative\\); \\d+ scenarios$");
        assertThat(err()).isEmpty();
    }
}
