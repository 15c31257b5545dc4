package io.asynciotck.tck.site;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens every page of a static site in headless Chromium and checks what the browser built: the page
 * loaded, its script ran to the end ({@code data-site-script="ran"} on {@code <html>}) and logged no
 * error, every local link points to a file of the site, and every fragment to an element of the page it
 * names. Links to the web (the sources a stance cites) are not followed; any other scheme is a problem.
 */
final class BrowserCheck {

    private static final long PAGE_SECONDS = 60;

    private final String chromium;

    private BrowserCheck(String chromium) {
        this.chromium = chromium;
    }

    /** Chromium, as {@code .ci/run} installs it ({@code chromium}), or the {@code CHROMIUM} variable; empty when absent. */
    static Optional<BrowserCheck> find() {
        String configured = System.getenv("CHROMIUM");
        for (String candidate : configured != null ? List.of(configured) : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path path = candidate.contains("/") ? Path.of(candidate) : Path.of(dir, candidate);
                if (Files.isExecutable(path)) {
                    return Optional.of(new BrowserCheck(path.toString()));
                }
            }
        }
        return Optional.empty();
    }

    /** Every problem found in the site under {@code folder}, one line each; empty when none. */
    List<String> check(Path folder) throws Exception {
        List<Path> pages;
        try (Stream<Path> files = Files.list(folder)) {
            pages = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
        Map<Path, Document> rendered = new ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService browsers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> loads = new ArrayList<>();
            for (Path page : pages) {
                loads.add(browsers.submit(() -> {
                    render(page).ifPresentOrElse(dom -> rendered.put(page, dom), () -> problems.add(page.getFileName() + ": did not load"));
                    return null;
                }));
            }
            for (Future<?> load : loads) {
                load.get(PAGE_SECONDS * 2, TimeUnit.SECONDS);
            }
        } finally {
            browsers.shutdownNow();
        }
        for (Path page : pages) {
            Document dom = rendered.get(page);
            if (dom == null) {
                continue;
            }
            scriptErrors(dom).forEach(error -> problems.add(page.getFileName() + ": script error: " + error));
            Set<String> ids = new HashSet<>();
            for (Element element : dom.select("[id]")) {
                if (!ids.add(element.id())) {
                    problems.add(page.getFileName() + ": id \"" + element.id() + "\" twice");
                }
            }
            for (Element link : dom.select("a[href], link[href], script[src]")) {
                String href = link.hasAttr("href") ? link.attr("href") : link.attr("src");
                problems.addAll(checkLink(folder, page, href, rendered));
            }
        }
        return problems;
    }

    private static List<String> checkLink(Path folder, Path page, String href, Map<Path, Document> rendered) {
        if (href.startsWith("https://") || href.startsWith("http://")) {
            return List.of(); // a citation of a source on the web: not followed
        }
        if (href.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return List.of(page.getFileName() + ": links outside the site: " + href);
        }
        int hash = href.indexOf('#');
        String file = hash < 0 ? href : href.substring(0, hash);
        String fragment = hash < 0 ? null : URLDecoder.decode(href.substring(hash + 1), StandardCharsets.UTF_8);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!target.startsWith(folder) || !Files.isRegularFile(target)) {
            return List.of(page.getFileName() + ": broken link " + href);
        }
        if (fragment != null && !fragment.isEmpty()) {
            Document dom = rendered.get(target);
            if (dom != null && dom.getElementById(fragment) == null) {
                return List.of(page.getFileName() + ": link " + href + " names no element of " + target.getFileName());
            }
        }
        return List.of();
    }

    /** The DOM Chromium built for {@code page}, with a problem line for each script error it logged. */
    private Optional<Document> render(Path page) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("chromium-", ".log");
        try {
            Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
                    .redirectError(errors.toFile()).start();
            byte[] dom = browser.getInputStream().readAllBytes();
            if (!browser.waitFor(PAGE_SECONDS, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
                return Optional.empty();
            }
            String html = new String(dom, StandardCharsets.UTF_8);
            if (html.isBlank()) {
                return Optional.empty();
            }
            Document document = Jsoup.parse(html, page.toUri().toString());
            List<String> scriptErrors = Files.readAllLines(errors).stream()
                    .filter(line -> line.contains(":CONSOLE") || line.contains("Uncaught")).toList();
            if (!scriptErrors.isEmpty() || !"ran".equals(document.selectFirst("html").attr("data-site-script"))) {
                Element marker = document.createElement("script-error");
                marker.text(scriptErrors.isEmpty() ? "the site's script did not run to its end" : String.join(" | ", scriptErrors));
                document.body().appendChild(marker);
            }
            return Optional.of(document);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The script errors recorded on a page's DOM by {@link #render}. */
    static List<String> scriptErrors(Document dom) {
        return dom.select("script-error").eachText();
    }
}
