package io.asynciotck.tck.site;

import io.asynciotck.tck.runner.AtomicFile;
import io.asynciotck.tck.runner.Rule;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RulesFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The living specification: a static HTML site, {@code <reports>/site/}, made of RULES.md, the feature
 * files and every implementation's {@code rules.json} in the reports folder. Plain files, readable
 * offline, one small script (a filter), no server.
 *
 * <ul>
 *   <li>{@code index.html}: the implementations and their verdicts, the legend, and every rule by spec
 *       section, with each implementation's status and per-section totals;</li>
 *   <li>one page per spec section ({@code 18.5.4.2.5-flow-control-callbacks.html}), one anchor per rule
 *       ({@code #FC-1}): its spec text, level, the stances it takes, its scenarios as written with a
 *       link to their file and line, and one row per implementation: passed, failed with the message
 *       and the recorded callbacks, known failure with the entry's reason and scope, flaky, not
 *       applicable;</li>
 *   <li>{@code stances.html} (an anchor per stance, {@code #S-7}), {@code states.html} (the states ×
 *       operations tables), {@code checked.html} (what asyncio and uvloop do);</li>
 *   <li>{@code features.html}: every feature file, the generated variants too, with an anchor per line
 *       ({@code #features/flow-control/flow-control.feature:18}), which every scenario location links to.</li>
 * </ul>
 */
public final class SpecSite {

    public static final String FOLDER = "site";
    static final String FEATURES_PAGE = "features.html";
    static final String STANCES_PAGE = "stances.html";
    static final String STATES_PAGE = "states.html";
    static final String CHECKED_PAGE = "checked.html";

    /** The status labels of rules.json, their CSS class and their meaning: the legend. */
    static final Map<String, String[]> LEGEND = legend();

    private final RulesDocument document;
    private final RuleCatalog catalog;
    private final FeatureLibrary features;
    private final List<RulesFile> runs;
    private final Instant generated;

    SpecSite(RulesDocument document, RuleCatalog catalog, FeatureLibrary features, List<RulesFile> runs, Instant generated) {
        this.document = document;
        this.catalog = catalog;
        this.features = features;
        this.runs = runs.stream().sorted(Comparator.comparing(RulesFile::implementation)).toList();
        this.generated = generated.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Writes {@code <reports>/site/} from the RULES.md and features on {@code loader}'s class path and every
     * {@code <reports>/<implementation>/rules.json}; returns the index page. Files of other implementations'
     * runs are kept: the site always shows every implementation reported in the folder.
     */
    public static Path regenerate(Path reports, ClassLoader loader) {
        return load(reports, loader).writeTo(reports.resolve(FOLDER));
    }

    /** The site of the RULES.md and features on {@code loader}'s class path and the runs reported in {@code reports}. */
    public static SpecSite load(Path reports, ClassLoader loader) {
        String rules;
        try (InputStream in = Objects.requireNonNull(loader.getResourceAsStream(RuleCatalog.BUNDLED_RESOURCE), "RULES.md")) {
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RULES.md", e);
        }
        return new SpecSite(RulesDocument.parse(rules), RuleCatalog.parse(rules, RuleCatalog.BUNDLED_RESOURCE),
                FeatureLibrary.bundled(loader), readRuns(reports), Instant.now());
    }

    /** Where rule {@code id} is, from the reports folder: {@code site/18.5.4.2.5-flow-control-callbacks.html#FC-1}. */
    public String linkFromReports(String id) {
        return catalog.contains(id) ? FOLDER + "/" + document.sectionOf(id).page() + "#" + id : null;
    }

    /** The runs reported in {@code reports}; unreadable files are left out (matrix.md names them). */
    static List<RulesFile> readRuns(Path reports) {
        return RulesFile.readAll(reports, new ArrayList<>());
    }

    /** Writes every page into {@code folder}; returns the index page. */
    public Path writeTo(Path folder) {
        try {
            Files.createDirectories(folder);
            write(folder, "style.css", resource("style.css"));
            write(folder, "site.js", resource("site.js"));
            write(folder, "index.html", index());
            for (RulesDocument.Section section : document.ruleSections()) {
                write(folder, section.page(), sectionPage(section));
            }
            write(folder, STANCES_PAGE, chapterPage("Stances", "Stances", true));
            write(folder, STATES_PAGE, chapterPage("States and operations", "States and operations", false));
            write(folder, CHECKED_PAGE, chapterPage("Checked against asyncio itself", "Checked against asyncio itself", false));
            write(folder, FEATURES_PAGE, featuresPage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the site in " + folder, e);
        }
        return folder.resolve("index.html");
    }

    private static void write(Path folder, String name, String content) throws IOException {
        AtomicFile.writeString(folder.resolve(name), content);
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(SpecSite.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- pages

    private String index() {
        StringBuilder html = page("asyncio transports and protocols: the living specification");
        html.append("<p class=\"lead\">Every sentence of the asyncio \"Transports and protocols (low-level API)\" page that states "
                + "behaviour is a rule below, with its level, the stances the TCK takes where the page is ambiguous, the "
                + "scenarios that prove it, and how each implementation reported in this folder fares.</p>\n");
        implementations(html);
        legendSection(html);
        html.append("<h2 id=\"sections\">Rules by spec section</h2>\n");
        html.append("<p><label><input type=\"checkbox\" id=\"only-differences\"> show only the rules an implementation "
                + "does not pass</label></p>\n");
        for (RulesDocument.Section section : document.ruleSections()) {
            html.append("<h3 id=\"section-").append(Html.escape(section.title().split(" ")[0])).append("\"><a href=\"")
                    .append(section.page()).append("\">").append(Html.escape(section.title())).append("</a></h3>\n");
            html.append("<table class=\"rules\"><thead><tr><th>Rule</th><th>Level</th><th>Spec</th>");
            runs.forEach(run -> html.append("<th>").append(Html.escape(run.implementation())).append("</th>"));
            html.append("</tr></thead><tbody>\n");
            for (String id : section.ruleIds()) {
                Rule rule = catalog.find(id).orElseThrow();
                boolean allPass = runs.stream().allMatch(run -> run.entry(id).map(e -> e.status().equals("passed")
                        || e.status().equals("no scenario")).orElse(true));
                html.append("<tr").append(allPass ? " class=\"all-pass\"" : "").append("><td><a href=\"").append(section.page())
                        .append('#').append(id).append("\">").append(id).append("</a></td><td>").append(rule.level().label())
                        .append("</td><td>").append(Html.escape(rule.title())).append("</td>");
                runs.forEach(run -> html.append(statusCell(run.entry(id).orElse(null))));
                html.append("</tr>\n");
            }
            html.append("</tbody>");
            if (!runs.isEmpty()) {
                html.append("<tfoot><tr><td colspan=\"3\">").append(section.ruleIds().size()).append(" rules</td>");
                runs.forEach(run -> html.append("<td>").append(Html.escape(totals(run, section.ruleIds()))).append("</td>"));
                html.append("</tr></tfoot>");
            }
            html.append("</table>\n");
        }
        html.append("<h2 id=\"about\">About the catalogue</h2>\n").append(linked(Html.markdown(document.intro())));
        return end(html);
    }

    private void implementations(StringBuilder html) {
        html.append("<h2 id=\"implementations\">Implementations</h2>\n");
        if (runs.isEmpty()) {
            html.append("<p>No implementation has reported in this folder yet.</p>\n");
            return;
        }
        html.append("<table><thead><tr><th>Implementation</th><th>Description</th><th>Verdict</th><th>Selection</th>"
                + "<th>Run at</th></tr></thead><tbody>\n");
        for (RulesFile run : runs) {
            String verdict = run.verdict().label();
            html.append("<tr id=\"impl-").append(Html.escape(run.implementation())).append("\"><td>")
                    .append(Html.escape(run.implementation())).append("</td><td>")
                    .append(Html.escape(run.description() == null ? "" : run.description())).append("</td><td><span class=\"verdict ")
                    .append(verdict.equals("PASSED") ? "passed" : "failed").append("\">").append(verdict).append("</span> ")
                    .append(Html.escape(run.verdict().reason())).append("</td><td>")
                    .append(Html.escape(run.selection() == null ? "all scenarios" : run.selection())).append("</td><td>")
                    .append(run.timestamp()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private void legendSection(StringBuilder html) {
        html.append("<h2 id=\"legend\">Legend</h2>\n<dl class=\"legend\">\n");
        LEGEND.forEach((label, value) -> html.append("<dt><span class=\"status ").append(value[0]).append("\">")
                .append(Html.escape(label)).append("</span></dt><dd>").append(Html.escape(value[1])).append("</dd>\n"));
        html.append("</dl>\n<p>Levels: <b>required</b> rules gate the verdict; <b>platform-specific</b> and "
                + "<b>informative</b> ones are reported, never gating. A known failure's scope (<code>@tls</code>) "
                + "names the scenarios its entry is limited to: the rule still holds elsewhere.</p>\n");
    }

    private String sectionPage(RulesDocument.Section section) {
        StringBuilder html = page(section.title());
        html.append("<p class=\"crumbs\"><a href=\"index.html#sections\">All sections</a></p>\n");
        for (String id : section.ruleIds()) {
            Rule rule = catalog.find(id).orElseThrow();
            html.append("<section class=\"rule\" id=\"").append(id).append("\">\n<h2><a class=\"anchor\" href=\"#").append(id)
                    .append("\">").append(id).append("</a> <span class=\"level ").append(rule.level().label()).append("\">")
                    .append(rule.level().label()).append("</span></h2>\n");
            html.append("<blockquote class=\"spec\">").append(linked(Html.inline(rule.text()))).append("</blockquote>\n");
            html.append("<p class=\"note\"><b>Scenarios or reason:</b> ").append(linked(Html.inline(rule.note()))).append("</p>\n");
            List<RulesDocument.Stance> stances = document.stancesOf(id);
            if (!stances.isEmpty()) {
                html.append("<div class=\"stances\"><h3>Stances</h3>\n");
                stances.forEach(stance -> html.append(linked(Html.markdown(stance.markdown()))));
                html.append("</div>\n");
            }
            scenarios(html, id);
            results(html, id);
            html.append("</section>\n");
        }
        return end(html);
    }

    private void scenarios(StringBuilder html, String id) {
        List<Map.Entry<FeatureLibrary.FeatureFile, FeatureLibrary.ScenarioText>> scenarios = features.scenariosOf(id);
        if (scenarios.isEmpty()) {
            return;
        }
        html.append("<h3>Scenarios</h3>\n");
        for (Map.Entry<FeatureLibrary.FeatureFile, FeatureLibrary.ScenarioText> found : scenarios) {
            FeatureLibrary.FeatureFile file = found.getKey();
            FeatureLibrary.ScenarioText scenario = found.getValue();
            String location = file.path() + ":" + scenario.line();
            html.append("<details class=\"scenario\"><summary>").append(Html.escape(scenario.name())).append(" <a href=\"")
                    .append(FEATURES_PAGE).append('#').append(Html.escape(location)).append("\">").append(Html.escape(location))
                    .append("</a></summary>\n<pre class=\"gherkin\">").append(gherkin(file.text(scenario))).append("</pre></details>\n");
        }
    }

    private void results(StringBuilder html, String id) {
        if (runs.isEmpty()) {
            return;
        }
        html.append("<h3>Results</h3>\n<table class=\"results\"><thead><tr><th>Implementation</th><th>Status</th><th>Detail</th></tr></thead><tbody>\n");
        for (RulesFile run : runs) {
            RulesFile.Entry entry = run.entry(id).orElse(null);
            html.append("<tr><td><a href=\"index.html#impl-").append(Html.escape(run.implementation())).append("\">")
                    .append(Html.escape(run.implementation())).append("</a></td>").append(statusCell(entry)).append("<td>");
            if (entry != null) {
                if (!entry.scenarios().isEmpty()) {
                    html.append("Scenario runs: ").append(Html.escape(entry.scenarios().stream()
                            .collect(Collectors.groupingBy(RulesFile.Execution::status, LinkedHashMap::new, Collectors.counting()))
                            .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))))
                            .append(". ");
                }
                if (entry.detail() != null) {
                    html.append(Html.escape(entry.detail()));
                }
                for (RulesFile.Execution execution : entry.scenarios()) {
                    if (execution.status().equals("passed") || execution.status().equals("not applicable")) {
                        continue;
                    }
                    html.append("<details class=\"execution\"><summary><span class=\"status ").append(cssClass(execution.status()))
                            .append("\">").append(Html.escape(execution.status())).append("</span> ")
                            .append(Html.escape(execution.name()))
                            .append(execution.iteration() != 1 ? " (iteration " + execution.iteration() + ")" : "").append(' ')
                            .append(locationLink(execution.location())).append("</summary>\n");
                    if (execution.excuse() != null) {
                        html.append("<p class=\"excuse\">Known-failures entry: <code>").append(Html.escape(execution.excuse()))
                                .append("</code></p>\n");
                    }
                    html.append("<pre class=\"message\">").append(Html.escape(execution.message())).append("</pre></details>\n");
                }
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private String chapterPage(String chapter, String title, boolean stanceAnchors) {
        StringBuilder html = page(title);
        html.append("<p class=\"crumbs\"><a href=\"index.html\">Index</a></p>\n");
        List<RulesDocument.Section> sections = document.chapter(chapter);
        int top = sections.isEmpty() ? 2 : sections.get(0).level();
        for (RulesDocument.Section section : sections) {
            int level = Math.min(6, section.level() - top + 2);
            if (section != sections.get(0)) {
                html.append("<h").append(level).append('>').append(Html.escape(section.title())).append("</h").append(level).append(">\n");
            }
            String body = Html.markdown(section.markdown());
            if (stanceAnchors) {
                body = body.replaceAll("<li>(\\s*(?:<p>)?)<strong>(S-\\d+) ", "<li id=\"$2\">$1<strong><a class=\"anchor\" href=\"#$2\">$2</a> ");
            }
            html.append(linked(body));
        }
        return end(html);
    }

    private String featuresPage() {
        StringBuilder html = page("The features");
        html.append("<p class=\"crumbs\"><a href=\"index.html\">Index</a></p>\n<p>Every feature file the TCK runs, with an anchor "
                + "on every line. The files under <code>over_tls/</code>, <code>accepted/</code> and <code>accepted_over_tls/</code> "
                + "are not in the repository: the build writes them from the others (the TLS and accepted-connection variants; "
                + "RULES.md, stances S-11 and S-23).</p>\n<ul class=\"files\">\n");
        features.files().forEach(file -> html.append("<li><a href=\"#").append(Html.escape(file.path())).append("\">")
                .append(Html.escape(file.path())).append("</a></li>\n"));
        html.append("</ul>\n");
        for (FeatureLibrary.FeatureFile file : features.files()) {
            html.append("<section class=\"feature\" id=\"").append(Html.escape(file.path())).append("\">\n<h2>")
                    .append(Html.escape(file.path())).append("</h2>\n");
            if (file.generated()) {
                String source = "features/" + file.path().substring(file.path().indexOf('/', "features/".length()) + 1);
                html.append("<p class=\"generated\">Generated by the build from <a href=\"#").append(Html.escape(source)).append("\">")
                        .append(Html.escape(source)).append("</a>.</p>\n");
            }
            html.append("<pre class=\"gherkin\">");
            for (int i = 0; i < file.lines().size(); i++) {
                String anchor = file.path() + ":" + (i + 1);
                html.append("<span class=\"line\" id=\"").append(Html.escape(anchor)).append("\"><a class=\"ln\" href=\"#")
                        .append(Html.escape(anchor)).append("\">").append(i + 1).append("</a>").append(gherkin(file.lines().get(i)))
                        .append("</span>\n");
            }
            html.append("</pre>\n</section>\n");
        }
        return end(html);
    }

    // ---- parts

    private StringBuilder page(String title) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"stylesheet\" href=\"style.css\">\n<script src=\"site.js\" defer></script>\n</head><body>\n")
                .append("<nav><a href=\"index.html\">Index</a> · <a href=\"index.html#sections\">Rules</a> · <a href=\"")
                .append(STATES_PAGE).append("\">States and operations</a> · <a href=\"").append(STANCES_PAGE)
                .append("\">Stances</a> · <a href=\"").append(CHECKED_PAGE).append("\">Checked against asyncio</a> · <a href=\"")
                .append(FEATURES_PAGE).append("\">Features</a> · <a href=\"index.html#legend\">Legend</a></nav>\n<main>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        return html;
    }

    private String end(StringBuilder html) {
        html.append("</main>\n<footer>Generated ").append(generated).append(" by the asyncio transports-and-protocols TCK from "
                + "RULES.md, the features and the reports in this folder.</footer>\n</body></html>\n");
        return html.toString();
    }

    /**
     * Rule and stance IDs in {@code html} as links to their anchors, and RULES.md's links to its own
     * chapters ({@code #stances}) as links to their pages.
     */
    private String linked(String html) {
        String local = html.replace("href=\"#stances\"", "href=\"" + STANCES_PAGE + "\"")
                .replace("href=\"#states-and-operations\"", "href=\"" + STATES_PAGE + "\"")
                .replace("href=\"#checked-against-asyncio-itself\"", "href=\"" + CHECKED_PAGE + "\"");
        return Html.linkIds(local, id -> {
            if (id.startsWith("S-")) {
                return document.stances().containsKey(id) ? STANCES_PAGE + "#" + id : null;
            }
            return catalog.contains(id) ? document.sectionOf(id).page() + "#" + id : null;
        });
    }

    private String locationLink(String location) {
        if (!features.has(location)) {
            return "<code>" + Html.escape(location) + "</code>";
        }
        return "<a href=\"" + FEATURES_PAGE + "#" + Html.escape(location) + "\">" + Html.escape(location) + "</a>";
    }

    private static String statusCell(RulesFile.Entry entry) {
        if (entry == null) {
            return "<td class=\"status-cell\"><span class=\"status none\">not reported</span></td>";
        }
        return "<td class=\"status-cell\"><span class=\"status " + cssClass(entry.status()) + "\">"
                + Html.escape(entry.statusWithScope()) + "</span></td>";
    }

    private static String totals(RulesFile run, List<String> ids) {
        Map<String, Long> counts = ids.stream().map(id -> run.entry(id).map(RulesFile.Entry::status).orElse("not reported"))
                .collect(Collectors.groupingBy(status -> status, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    static String cssClass(String status) {
        String[] known = LEGEND.get(status);
        if (known != null) {
            return known[0];
        }
        return switch (status) {
            case "failed" -> "failed";
            case "known failure", "flaky failure" -> "known";
            default -> "other";
        };
    }

    /** One line or several of Gherkin, escaped, with keywords, tags and comments marked. */
    private static String gherkin(String text) {
        return text.lines().map(line -> {
            String escaped = Html.escape(line);
            String stripped = line.stripLeading();
            String indent = escaped.substring(0, line.length() - stripped.length());
            if (stripped.startsWith("#")) {
                return indent + "<span class=\"comment\">" + Html.escape(stripped) + "</span>";
            }
            if (stripped.startsWith("@")) {
                return indent + "<span class=\"tags\">" + Html.escape(stripped) + "</span>";
            }
            for (String keyword : List.of("Feature:", "Background:", "Scenario Outline:", "Scenario:", "Examples:", "Rule:",
                    "Given ", "When ", "Then ", "And ", "But ", "* ")) {
                if (stripped.startsWith(keyword)) {
                    return indent + "<span class=\"keyword\">" + Html.escape(keyword) + "</span>"
                            + Html.escape(stripped.substring(keyword.length()));
                }
            }
            return escaped;
        }).collect(Collectors.joining("\n"));
    }

    private static Map<String, String[]> legend() {
        Map<String, String[]> legend = new LinkedHashMap<>();
        legend.put("passed", new String[]{"passed", "every scenario of the rule that ran passed"});
        legend.put("FAILED", new String[]{"failed", "a scenario failed, and no known-failures entry excuses it: a required rule fails the run"});
        legend.put("known failure", new String[]{"known", "failed as the implementation's known-failures entry documents (its reason and scope shown); does not fail the run"});
        legend.put("flaky", new String[]{"flaky", "declared flaky (a race the implementation loses sometimes), and failed in some runs as declared"});
        legend.put("stale known failure", new String[]{"stale", "a known-failures entry names the rule, yet it passed: the entry should go"});
        legend.put("aborted", new String[]{"aborted", "not applicable: every scenario of the rule needs a capability the implementation does not declare"});
        legend.put("not run", new String[]{"notrun", "not selected in this run, or not run because the implementation stopped answering"});
        legend.put("no scenario", new String[]{"none", "no scenario proves the rule (informative rules say why)"});
        return legend;
    }
}
