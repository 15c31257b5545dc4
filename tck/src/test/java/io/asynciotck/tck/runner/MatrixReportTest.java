package io.asynciotck.tck.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rules.json, written and read back, and the matrix made of every implementation's file. */
class MatrixReportTest {

    private static final Instant WHEN = Instant.parse("2025-03-01T12:00:00.123Z");

    @TempDir
    Path reports;

    private final RuleCatalog catalog = RuleCatalog.parse("""
            | RQ-1 | required | a |
            | RQ-2 | required | b |
            | PS-1 | platform-specific | c |
            | IN-1 | informative | d |
            """, "RULES.md");

    private RunResults run(String implementation, String selection, KnownFailures known, ScenarioResult... scenarios) {
        Map<String, List<String>> discovered = Map.of("RQ-1", List.of("a"), "RQ-2", List.of("b"), "PS-1", List.of("c"));
        return RunResults.evaluate(catalog, known, discovered, List.of(scenarios), List.of(),
                new RunDescription(implementation, selection, 1));
    }

    @Test
    void aRulesFileHasEveryRuleOfTheRunAndReadsBack() throws IOException {
        RunResults results = run("asyncio", "@RQ-1 or @PS-1", KnownFailures.none(),
                Results.passed("a", "@RQ-1"), Results.aborted("c", "capability udp missing", "@PS-1"));

        Path file = RulesFile.of(results, "CPython 3.12 asyncio", WHEN).writeTo(reports.resolve("asyncio"));

        assertThat(file).isEqualTo(reports.resolve("asyncio").resolve("rules.json"));
        assertThat(Files.readString(file)).contains("\"implementation\" : \"asyncio\"", "\"description\" : \"CPython 3.12 asyncio\"",
                "\"timestamp\" : \"2025-03-01T12:00:00Z\"", "\"label\" : \"PASSED\"", "\"exit_code\" : 0",
                "\"id\" : \"PS-1\",\n    \"level\" : \"platform-specific\",\n    \"status\" : \"aborted\"");
        RulesFile read = RulesFile.read(file);
        assertThat(read).isEqualTo(RulesFile.of(results, "CPython 3.12 asyncio", WHEN));
        assertThat(read.rules()).extracting(RulesFile.Entry::status).containsExactly("passed", "not run", "aborted", "no scenario");
        assertThat(read.selection()).isEqualTo("@RQ-1 or @PS-1");
    }

    @Test
    void aFileThatIsNotARulesFileCannotBeRead() throws IOException {
        Path file = Files.writeString(reports.resolve("rules.json"), "{\"implementation\": \"x\"}");
        assertThatThrownBy(() -> RulesFile.read(file)).isInstanceOf(IOException.class).hasMessageContaining("not a rules file");
    }

    @Test
    void theMatrixHasOneRowPerRuleAndOneColumnPerImplementation() throws IOException {
        RulesFile.of(run("uvloop", null, KnownFailures.none(), Results.passed("a", "@RQ-1"), Results.failed("b", "@RQ-2"),
                Results.failed("c", "@PS-1")), "uvloop 0.19", WHEN).writeTo(reports.resolve("uvloop"));
        KnownFailures known = KnownFailures.parse("RQ-2 flaky on CI\n", "known.txt", catalog);
        RulesFile.of(run("asyncio", null, known, Results.passed("a", "@RQ-1"), Results.failed("b", "@RQ-2"),
                Results.aborted("c", "no", "@PS-1")), "CPython asyncio", WHEN).writeTo(reports.resolve("asyncio"));
        Files.createDirectories(reports.resolve("empty"));
        Files.writeString(reports.resolve("matrix.md"), "stale");

        Path matrix = MatrixReport.regenerate(reports, catalog);

        assertThat(matrix).isEqualTo(reports.resolve("matrix.md"));
        assertThat(Files.readString(matrix)).isEqualTo("""
                # Conformance matrix

                | Implementation | Description | Verdict | Selection | Run at |
                |---|---|---|---|---|
                | asyncio | CPython asyncio | **PASSED**: every required rule that ran passed (1 known failure excused) | all scenarios | 2025-03-01T12:00:00Z |
                | uvloop | uvloop 0.19 | **FAILED**: required rule failed: RQ-2 | all scenarios | 2025-03-01T12:00:00Z |

                ## Rules

                | Rule | Level | Spec | asyncio | uvloop |
                |---|---|---|---|---|
                | RQ-1 | required | a | passed | passed |
                | RQ-2 | required | b | known failure | FAILED |
                | PS-1 | platform-specific | c | aborted | FAILED |
                | IN-1 | informative | d | no scenario | no scenario |
                """ + MatrixReport.LEGEND);
    }

    @Test
    void aKnownFailureShowsTheScenariosItsEntriesAreLimitedTo() throws IOException {
        KnownFailures known = KnownFailures.parse("RQ-1@tls not over TLS\nRQ-2 never\n", "known.txt", catalog);
        RulesFile file = RulesFile.of(run("asyncio", null, known, Results.passed("a", "@RQ-1"),
                Results.failed("a over TLS", "@RQ-1", "@tls"), Results.failed("b", "@RQ-2")), "CPython asyncio", WHEN);
        file.writeTo(reports.resolve("asyncio"));

        assertThat(file.entry("RQ-1")).map(RulesFile.Entry::scope).contains(List.of("@tls"));
        assertThat(RulesFile.read(reports.resolve("asyncio").resolve("rules.json"))).isEqualTo(file);
        assertThat(file.entry("RQ-1").orElseThrow().scenarios())
                .extracting(RulesFile.Execution::name, RulesFile.Execution::status, RulesFile.Execution::excuse)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "passed", null),
                        org.assertj.core.groups.Tuple.tuple("a over TLS", "known failure", "RQ-1@tls  not over TLS"));
        assertThat(file.entry("RQ-1").orElseThrow().scenarios().get(1).message()).startsWith("Rule a over TLS: expected something")
                .contains("Recorded callbacks");
        assertThat(file.entry("RQ-1").orElseThrow().scenarios().get(1).location()).startsWith("features/test.feature:");
        assertThat(Files.readString(MatrixReport.regenerate(reports, catalog)))
                .contains("| RQ-1 | required | a | known failure (@tls) |", "| RQ-2 | required | b | known failure |");
    }

    @Test
    void aRuleMissingFromAnOlderFileIsNotRunAndAnUnreadableFileIsNamed() throws IOException {
        RuleCatalog older = RuleCatalog.parse("| RQ-1 | required | a |\n", "RULES.md");
        RulesFile.of(RunResults.evaluate(older, KnownFailures.none(), null, List.of(Results.passed("a", "@RQ-1")), List.of(),
                new RunDescription("old", null, 1)), "old", WHEN).writeTo(reports.resolve("old"));
        Files.createDirectories(reports.resolve("broken"));
        Files.writeString(reports.resolve("broken").resolve("rules.json"), "not json");

        String matrix = Files.readString(MatrixReport.regenerate(reports, catalog));

        assertThat(matrix).contains("| Rule | Level | Spec | old |", "| RQ-1 | required | a | passed |", "| RQ-2 | required | b | not run |")
                .contains("\nLeft out, unreadable: broken/rules.json: ");
    }
}
