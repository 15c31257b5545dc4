package io.asynciotck.tck.site;

import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RulesFile;
import io.asynciotck.tck.runner.RunDescription;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.ScenarioOutcome;
import io.asynciotck.tck.runner.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The living-spec site, made from the bundled RULES.md and features and from two implementations' results,
 * and read as a person reads it: in a real browser (headless Chromium, which {@code .ci/run} installs),
 * where no link may be broken, no anchor missing, no script fail.
 */
class SpecSiteTest {

    /** Set by {@code .ci/run}: there, a missing browser fails the test instead of skipping it. */
    private static final boolean BROWSER_REQUIRED = System.getenv("TCK_REQUIRE_BROWSER") != null;

    @TempDir
    Path reports;

    private final ClassLoader loader = SpecSiteTest.class.getClassLoader();
    private final RuleCatalog catalog = RuleCatalog.load(loader, RuleCatalog.BUNDLED_RESOURCE);
    private final FeatureLibrary features = FeatureLibrary.bundled(loader);

    @Test
    void everyRuleHasItsAnchorItsSpecTextItsScenariosAndEachImplementationsResult() throws Exception {
        writeRuns();

        Path index = SpecSite.regenerate(reports, loader);

        String page = Files.readString(reports.resolve("site").resolve("18.5.4.2.5-flow-control-callbacks.html"));
        assertThat(page).contains("<section class=\"rule\" id=\"FC-1\">",
                "<blockquote class=\"spec\">pause_writing(): &quot;Called when the transport",
                "href=\"stances.html#S-18\"",
                "href=\"features.html#features/flow-control/flow-control.feature:18\"",
                "Rule FC-1: pause_writing saw a write buffer size of 4194507",
                "Recorded callbacks:", "Known-failures entry: <code>FC-1@tls  the TLS layer counts encrypted bytes</code>",
                "<span class=\"status known\">known failure</span>", "<span class=\"status passed\">passed</span>");
        String indexPage = Files.readString(index);
        assertThat(indexPage).contains("<tr id=\"impl-alpha\">", "<tr id=\"impl-beta\">",
                "href=\"18.5.4.2.5-flow-control-callbacks.html#FC-1\"", "id=\"legend\"");
        assertThat(Files.readString(reports.resolve("site").resolve("stances.html"))).contains("<li id=\"S-18\">");
        for (RulesDocument.Section section : RulesDocument.parse(Files.readString(Path.of(
                loader.getResource(RuleCatalog.BUNDLED_RESOURCE).toURI()))).ruleSections()) {
            String sectionPage = Files.readString(reports.resolve("site").resolve(section.page()));
            section.ruleIds().forEach(id -> assertThat(sectionPage).contains("id=\"" + id + "\""));
        }
        assertThat(catalog.rules()).allSatisfy(rule -> assertThat(indexPage).contains("#" + rule.id() + "\">" + rule.id() + "<"));
    }

    @Test
    void inABrowserNoLinkIsBrokenNoAnchorMissingNoScriptFails() throws Exception {
        BrowserCheck browser = browser();
        writeRuns();
        SpecSite.regenerate(reports, loader);

        assertThat(browser.check(reports.resolve("site"))).isEmpty();
    }

    @Test
    void theBrowserCheckFindsABrokenLinkAMissingAnchorAndAScriptError() throws Exception {
        BrowserCheck browser = browser();
        Path site = Files.createDirectories(reports.resolve("broken"));
        String ok = "<script>document.documentElement.setAttribute('data-site-script', 'ran')</script>";
        Files.writeString(site.resolve("a.html"), "<!DOCTYPE html><html><body><a href=\"missing.html\">x</a>"
                + "<a href=\"b.html#nowhere\">y</a>" + ok + "</body></html>");
        Files.writeString(site.resolve("b.html"), "<!DOCTYPE html><html><body><p id=\"here\">b</p>" + ok
                + "<script>undefinedFunction()</script></body></html>");

        assertThat(browser.check(site)).anyMatch(p -> p.startsWith("a.html: broken link missing.html"))
                .anyMatch(p -> p.startsWith("a.html: link b.html#nowhere names no element"))
                .anyMatch(p -> p.startsWith("b.html: script error") && p.contains("undefinedFunction"));
    }

    private static BrowserCheck browser() {
        var browser = BrowserCheck.find();
        if (BROWSER_REQUIRED) {
            assertThat(browser).as("headless Chromium (apt-get install chromium)").isPresent();
        }
        assumeTrue(browser.isPresent(), "no chromium on the PATH");
        return browser.get();
    }

    /**
     * Two implementations' rules.json: "alpha" fails FC-1 over TCP and is excused over TLS, and has one
     * scenario from a feature folder of its own; "beta" passes FC-1 and declares no UDP.
     */
    private void writeRuns() throws Exception {
        KnownFailures known = KnownFailures.parse("FC-1@tls  the TLS layer counts encrypted bytes\n", "known.txt", catalog);
        List<ScenarioResult> alpha = new ArrayList<>();
        List<ScenarioResult> beta = new ArrayList<>();
        for (Map.Entry<FeatureLibrary.FeatureFile, FeatureLibrary.ScenarioText> found : features.scenariosOf("FC-1")) {
            URI uri = URI.create("classpath:" + found.getKey().path());
            FeatureLibrary.ScenarioText scenario = found.getValue();
            alpha.add(new ScenarioResult(1, scenario.name(), uri, scenario.line(), scenario.tags(), ScenarioOutcome.FAILED,
                    "Rule FC-1: pause_writing saw a write buffer size of 4194507, expected B+11 = 4194411\n"
                            + "Recorded callbacks:\n  #1 c1 connection_made() [loop-1]\n  #2 c1 pause_writing() [loop-1]"));
            beta.add(new ScenarioResult(1, scenario.name(), uri, scenario.line(), scenario.tags(), ScenarioOutcome.PASSED, ""));
        }
        for (FeatureLibrary.FeatureFile file : features.files()) {
            if (file.path().startsWith("features/over_tls/")) {
                file.scenarios().stream().filter(s -> s.ruleIds().contains("FC-1")).forEach(s -> alpha.add(new ScenarioResult(1,
                        s.name() + " [TLS]", URI.create("classpath:" + file.path()), s.line(), s.tags(), ScenarioOutcome.FAILED,
                        "Rule FC-1: pause_writing came at B+33")));
            }
        }
        alpha.add(new ScenarioResult(1, "a scenario of the vendor's own", Path.of("/tmp/own/own.feature").toUri(), 3,
                List.of("@WT-1"), ScenarioOutcome.PASSED, ""));
        beta.add(new ScenarioResult(1, "datagrams", URI.create("classpath:features/transports/datagram-transport.feature"), 10,
                List.of("@DT-1"), ScenarioOutcome.ABORTED, "capability udp missing"));
        write("alpha", known, alpha);
        write("beta", KnownFailures.none(), beta);
    }

    private void write(String implementation, KnownFailures known, List<ScenarioResult> scenarios) {
        RunResults results = RunResults.evaluate(catalog, known, null, scenarios, List.of(),
                new RunDescription(implementation, null, 1));
        RulesFile.of(results, implementation + " (a test)", Instant.parse("2026-12-07T12:00:00Z"))
                .writeTo(reports.resolve(implementation));
    }
}
