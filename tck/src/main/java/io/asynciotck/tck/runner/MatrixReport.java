package io.asynciotck.tck.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The conformance matrix, {@code <reports>/matrix.md}: every implementation that has a
 * {@code <reports>/<implementation>/rules.json} side by side. A header lists each implementation's
 * description, verdict and run time; then one row per rule of the catalogue (ID, level, the spec text
 * in short) with one column
 * per implementation: {@code passed}, {@code FAILED}, {@code known failure}, {@code aborted},
 * {@code no scenario}, {@code not run}..., a known failure with the tags its entries are limited to;
 * a legend follows. A rule missing from an implementation's file (an older
 * catalogue) is {@code not run}; rules no longer in the catalogue are left out. Regenerated after
 * every run from the files on disk, so it shows each implementation's latest run.
 */
public final class MatrixReport {

    public static final String NAME = "matrix.md";

    private MatrixReport() {
    }

    /**
     * Reads every {@code <reports>/*}{@code /rules.json} and writes {@code <reports>/matrix.md}; a file
     * that cannot be read is named under the table.
     *
     * @return the matrix file
     */
    public static Path regenerate(Path reports, RuleCatalog catalog) {
        return regenerate(reports, catalog, null);
    }

    /**
     * As {@link #regenerate(Path, RuleCatalog)}, with each rule ID a link to where {@code ruleLink} says
     * the rule is documented (a path relative to {@code reports}; null for none).
     */
    public static Path regenerate(Path reports, RuleCatalog catalog, Function<String, String> ruleLink) {
        List<String> unreadable = new ArrayList<>();
        List<RulesFile> implementations = RulesFile.readAll(reports, unreadable);
        Path matrix = reports.resolve(NAME);
        try {
            AtomicFile.writeString(matrix, render(catalog, implementations, unreadable, ruleLink));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + matrix, e);
        }
        return matrix;
    }

    /** The matrix of {@code implementations}, in the order of their names. */
    public static String render(RuleCatalog catalog, List<RulesFile> implementations, List<String> unreadable) {
        return render(catalog, implementations, unreadable, null);
    }

    static String render(RuleCatalog catalog, List<RulesFile> implementations, List<String> unreadable,
                         Function<String, String> ruleLink) {
        List<RulesFile> columns = implementations.stream().sorted(Comparator.comparing(RulesFile::implementation)).toList();
        StringBuilder md = new StringBuilder("# Conformance matrix\n\n");
        if (ruleLink != null) {
            md.append("Each rule's spec text, level, stances, scenarios and every implementation's failures, with the "
                    + "recorded callbacks: [the living specification](site/index.html).\n\n");
        }
        md.append("| Implementation | Description | Verdict | Selection | Run at |\n|---|---|---|---|---|\n");
        for (RulesFile file : columns) {
            row(md, file.implementation(), file.description() == null ? "" : file.description(),
                    "**" + file.verdict().label() + "**: " + file.verdict().reason(),
                    file.selection() == null ? "all scenarios" : "`" + file.selection() + "`",
                    file.timestamp().toString());
        }
        md.append("\n## Rules\n\n");
        List<String> header = new ArrayList<>(List.of("Rule", "Level", "Spec"));
        columns.forEach(file -> header.add(file.implementation()));
        row(md, header.toArray(String[]::new));
        md.append("|---".repeat(header.size())).append("|\n");
        for (Rule rule : catalog.rules()) {
            String link = ruleLink == null ? null : ruleLink.apply(rule.id());
            String id = link == null ? rule.id() : "[" + rule.id() + "](" + link + ")";
            List<String> cells = new ArrayList<>(List.of(id, rule.level().label(), rule.title()));
            columns.forEach(file -> cells.add(file.entry(rule.id()).map(RulesFile.Entry::statusWithScope)
                    .orElse(RuleStatus.NOT_RUN.label())));
            row(md, cells.toArray(String[]::new));
        }
        if (!unreadable.isEmpty()) {
            md.append("\nLeft out, unreadable: ").append(String.join("; ", unreadable)).append('\n');
        }
        md.append(LEGEND);
        return md.toString();
    }

    /** What each status means; the rules, their spec text and stances are in {@code features/RULES.md}. */
    static final String LEGEND = """

            ## Legend

            - **passed**: every scenario of the rule that ran passed.
            - **FAILED**: a scenario of the rule failed, and no known-failures entry excuses it; each \
            implementation's `conformance.md` gives the message.
            - **known failure**: every failure of the rule is excused by the implementation's known-failures \
            file, whose reason `conformance.md` shows; in brackets, the scenarios the entries are limited to \
            (`@tls`: the TLS variants only, so the rule still holds over TCP).
            - **flaky**: a known failure declared `[flaky]`: its scenarios may pass or fail.
            - **stale known failure**: the rule is listed as a known failure but passed: the entry should go.
            - **aborted**: the rule's scenarios did not apply: the implementation lacks a capability they need.
            - **not run**: the rule's scenarios were outside the run's selection (`--tags`, `--rules`).
            - **no scenario**: an informative or platform-specific rule, or one no scenario can check; \
            `features/RULES.md` says why.
            """;

    private static void row(StringBuilder md, String... cells) {
        md.append(Arrays.stream(cells).map(MatrixReport::cell).collect(Collectors.joining(" | ", "| ", " |\n")));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }
}
