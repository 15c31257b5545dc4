package io.asynciotck.tck.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's record read back, whole or cut short as a JVM that ended in the middle leaves it: the scenario in
 * progress fails with the reason, and every report made from the record is a whole file.
 */
class RunRecordTest {

    @TempDir
    Path tmp;

    private final RuleCatalog catalog = RuleCatalog.load(getClass().getClassLoader(), "runner-fixture/RULES.md");

    /** The fixture's record, as a run writes it. */
    private TckRun.Execution record(Path reports) {
        return TckRun.builder().glue("io.asynciotck.tck.runner.fixture").classpathFeatures(List.of("runner-fixture/features"))
                .catalog(catalog).reportDirectory(reports).implementationName("fixture")
                .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build().execute();
    }

    @Test
    void aWholeRecordReadsBackIntoTheRunsResults() throws Exception {
        TckRun.Execution execution = record(tmp.resolve("r"));

        RunRecord record = RunRecord.read(execution.messageFiles());

        assertThat(record.finished()).isTrue();
        assertThat(record.inProgress()).isEmpty();
        assertThat(record.scenarios()).extracting(ScenarioResult::name).containsExactly("a passing scenario",
                "a failing scenario", "an aborted scenario", "an outline", "an outline", "a deselected scenario");
        assertThat(record.scenarios().get(1).line()).isEqualTo(9);
        assertThat(record.scenarios().get(4).line()).as("an example is located at its row").isEqualTo(23);
        assertThat(record.scenarios().get(2).tags()).containsExactly("@AA-3", "@udp");
    }

    @Test
    void aRecordCutShortInAStepFailsThatScenarioWithTheReasonAndMakesWholeReports() throws Exception {
        TckRun.Execution execution = record(tmp.resolve("r"));
        Path file = execution.messageFiles().get(0);
        List<String> lines = Files.readAllLines(file);
        int cut = 0;
        int started = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"testStepStarted\"") && ++started == 2) {
                cut = i + 1; // in the second scenario's step
                break;
            }
        }
        Files.write(file, lines.subList(0, cut));
        Files.writeString(file, "{\"testStepFinished\":{\"testCaseStar", java.nio.file.StandardOpenOption.APPEND);

        RunRecord record = RunRecord.read(execution.messageFiles());
        assertThat(record.finished()).isFalse();
        assertThat(record.inProgress()).get().extracting(ScenarioTracker.InProgress::name, ScenarioTracker.InProgress::step)
                .containsExactly("a failing scenario", "Given a step that fails with \"Rule AA-2: Timed out waiting for pause_writing\"");

        RunRecord closed = record.interrupted("The TCK's JVM ended during this scenario");

        assertThat(closed.finished()).isTrue();
        assertThat(closed.scenarios()).extracting(ScenarioResult::name, ScenarioResult::outcome, ScenarioResult::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a passing scenario", ScenarioOutcome.PASSED, null),
                        org.assertj.core.groups.Tuple.tuple("a failing scenario", ScenarioOutcome.FAILED, FailureKind.ERROR));
        assertThat(closed.scenarios().get(1).message()).isEqualTo("The TCK's JVM ended during this scenario");

        RunResults results = RunResults.evaluate(catalog, KnownFailures.none(), null, closed.scenarios(),
                List.of("The TCK's JVM ended"), new RunDescription("fixture", null, 1));
        Path reports = tmp.resolve("reports");
        RunReports.write(reports, results, closed);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports.resolve("junit.xml").toFile())
                .getDocumentElement().getAttribute("tests")).isEqualTo("2");
        assertThat(new ObjectMapper().readTree(reports.resolve("cucumber.json").toFile()).get(0).get("elements")).hasSize(2);
        assertThat(Files.readString(reports.resolve("cucumber.html"))).endsWith("</html>\n");
        assertThat(Files.readString(reports.resolve("conformance.md"))).contains("The TCK's JVM ended during this scenario");
    }

    @Test
    void aLineThatIsNotAMessageBeforeTheEndIsAnError() throws Exception {
        Path file = Files.writeString(tmp.resolve(MessageFile.NAME), "not json\n{\"meta\":{}}\n");

        assertThatThrownBy(() -> MessageFile.read(file)).hasMessageContaining("line 1 is not a Cucumber message: not json");
    }

    @Test
    void anAbbreviatedStackTraceKeepsAFewFramesPerCause() {
        String trace = "java.lang.IllegalStateException: boom\n" + "\tat a.B.c(B.java:1)\n".repeat(10)
                + "Caused by: java.io.IOException: io\n" + "\tat d.E.f(E.java:2)\n".repeat(10) + "\t... 9 more\n";

        String text = ScenarioTracker.abbreviate(trace);

        assertThat(text.lines().filter(line -> line.startsWith("    at ")).count()).isEqualTo(12);
        assertThat(text).startsWith("java.lang.IllegalStateException: boom\n    at a.B.c(B.java:1)")
                .contains("\nCaused by: java.io.IOException: io\n").doesNotContain("more");
    }
}
