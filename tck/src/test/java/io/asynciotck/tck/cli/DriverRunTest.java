package io.asynciotck.tck.cli;

import io.asynciotck.tck.outofprocess.PythonDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run through {@code --driver} with the Python driver (../drivers/python/asyncio_driver.py), end to
 * end: the reports, rules.json and the matrix. Skipped when {@code python3} cannot run it.
 */
class DriverRunTest {

    @TempDir
    Path reports;

    @Test
    void aRunThroughThePythonDriverReportsRulesAndTheMatrix() throws IOException {
        List<String> command = PythonDriver.command();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"--driver", "python3 '" + command.get(1) + "' --loop asyncio", "--rules", "BT-1", "--reports", reports.toString(),
                "--timeout", "5s", "--quiet", "100ms"};

        int code = TckMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), name -> null, name -> null);

        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console + err.toString(StandardCharsets.UTF_8)).isZero();
        String name;
        try (var folders = Files.list(reports)) {
            name = folders.map(folder -> folder.getFileName().toString()).filter(folder -> folder.startsWith("asyncio-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no asyncio-<runtime> report folder in " + reports));
        }
        assertThat(name).as("the report folder names the loop and the runtime").matches("asyncio-cpython-3\\.\\d+");
        Path asyncio = reports.resolve(name);
        assertThat(console).contains("Implementation: " + name + ": CPython ")
                .contains("Reports: " + asyncio + ", " + asyncio.resolve("rules.json") + ", " + reports.resolve("matrix.md") + ", "
                        + reports.resolve("site").resolve("index.html"));
        assertThat(asyncio.resolve("conformance.md")).isNotEmptyFile();
        assertThat(Files.readString(asyncio.resolve("rules.json")))
                .contains("\"implementation\" : \"" + name + "\"", "\"id\" : \"BT-1\"", "\"status\" : \"passed\"");
        assertThat(Files.readString(reports.resolve("matrix.md")))
                .contains("| Rule | Level | Spec | " + name + " |",
                        "| [BT-1](site/18.5.4.1.1-basetransport.html#BT-1) | required | close(): Close the transport. | passed |",
                        "| [BT-2](site/18.5.4.1.1-basetransport.html#BT-2) | required | close(): No more data will be received. | not run |");
        assertThat(Files.readString(reports.resolve("site").resolve("18.5.4.1.1-basetransport.html")))
                .contains("<section class=\"rule\" id=\"BT-1\">", "<a href=\"index.html#impl-" + name + "\">" + name + "</a>");
    }
}
