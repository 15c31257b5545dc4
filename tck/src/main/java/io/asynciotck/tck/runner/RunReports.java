package io.asynciotck.tck.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cucumber.htmlformatter.MessagesToHtmlWriter;
import io.cucumber.jsonformatter.MessagesToJsonWriter;
import io.cucumber.junitxmlformatter.MessagesToJunitXmlWriter;
import io.cucumber.messages.ndjson.Serializer;
import io.cucumber.messages.types.Envelope;
import io.cucumber.query.NamingStrategy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's reports from its {@link RunRecord} and {@link RunResults}: {@code conformance.md} (rule by
 * rule), and for each iteration Cucumber's own {@code cucumber.html}, {@code cucumber.json} and
 * {@code junit.xml}, made by Cucumber's formatters from the recorded messages as {@link ReportView} shows
 * them, so that they agree with the verdict. With several iterations, each iteration's files go to
 * {@code iteration-N/}. Every file is written whole, whatever the record (a record cut short by the JVM
 * ending is {@link RunRecord#interrupted closed} first).
 */
public final class RunReports {

    public static final String CONFORMANCE = "conformance.md";
    public static final String JSON = "cucumber.json";
    public static final String HTML = "cucumber.html";
    public static final String JUNIT = "junit.xml";
    /** What a run writes into its folder and each iteration folder; removed before a new run. */
    public static final List<String> FILES = List.of(CONFORMANCE, JSON, HTML, JUNIT, MessageFile.NAME);

    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RunReports() {
    }

    /** The folder of iteration {@code number}'s files: the run's folder itself when there is one iteration. */
    public static Path iterationDirectory(Path directory, int number, int iterations) {
        return iterations == 1 ? directory : directory.resolve("iteration-" + number);
    }

    /** Writes every report; returns the files written. */
    public static List<Path> write(Path directory, RunResults results, RunRecord record) {
        List<Path> written = new ArrayList<>();
        Path conformance = directory.resolve(CONFORMANCE);
        ConformanceReport.write(conformance, results);
        written.add(conformance);
        int iterations = results.description().iterations();
        for (RunRecord.Iteration iteration : record.iterations()) {
            Path folder = iterationDirectory(directory, iteration.number(), iterations);
            List<Envelope> shown = new ReportView(results, iteration.tracker().resultsByTestCaseStarted())
                    .show(iteration.envelopes());
            written.add(writeHtml(folder.resolve(HTML), shown, title(results)));
            written.add(writeJson(folder.resolve(JSON), shown));
            written.add(writeJunit(folder.resolve(JUNIT), shown, suiteName(results)));
        }
        return written;
    }

    /** {@code asyncio TCK: asyncio — PASSED}. */
    private static String title(RunResults results) {
        return suiteName(results) + " — " + results.verdict().label();
    }

    private static Path writeHtml(Path file, List<Envelope> envelopes, String title) {
        return write(file, out -> {
            try (MessagesToHtmlWriter html = MessagesToHtmlWriter.builder(new Serializer()::writeValue).title(title).build(out)) {
                for (Envelope envelope : envelopes) {
                    html.write(envelope);
                }
            }
        });
    }

    private static Path writeJson(Path file, List<Envelope> envelopes) {
        return write(file, out -> {
            try (MessagesToJsonWriter json = MessagesToJsonWriter.builder(JSON_MAPPER::writeValue)
                    .relativizeAgainst(Path.of("").toAbsolutePath().toUri()).build(out)) {
                for (Envelope envelope : envelopes) {
                    json.write(envelope);
                }
            }
        });
    }

    /** {@code asyncio TCK: asyncio}: the test suite's name in {@code junit.xml}. */
    private static String suiteName(RunResults results) {
        String implementation = results.description().implementation();
        return "asyncio TCK" + (implementation == null ? "" : ": " + implementation);
    }

    private static Path writeJunit(Path file, List<Envelope> envelopes, String suiteName) {
        return write(file, out -> {
            try (MessagesToJunitXmlWriter junit = MessagesToJunitXmlWriter.builder().testSuiteName(suiteName)
                    .testNamingStrategy(NamingStrategy.strategy(NamingStrategy.Strategy.LONG)
                            .exampleName(NamingStrategy.ExampleName.PICKLE).build())
                    .build(out)) {
                for (Envelope envelope : envelopes) {
                    junit.write(JunitNames.withRuleIds(envelope));
                }
            }
        });
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static Path write(Path file, Writing writing) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                writing.to(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }
}
