package io.asynciotck.tck.site;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML text for the site: escaping, RULES.md's Markdown rendered, rule and stance IDs made links. */
final class Html {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();
    private static final Pattern TAG_OR_TEXT = Pattern.compile("(<[^>]*>)|([^<]+)");
    private static final Pattern ID = Pattern.compile("\\b([A-Z]{2}-\\d+|S-\\d+)\\b");

    private Html() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A block of Markdown (paragraphs, lists, tables), as HTML. */
    static String markdown(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }

    /** One table cell's Markdown, as inline HTML (no enclosing paragraph). */
    static String inline(String markdown) {
        String html = markdown(markdown).strip();
        if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 3) < 0) {
            html = html.substring(3, html.length() - 4);
        }
        return html;
    }

    /**
     * {@code html} with every rule ID ({@code FC-1}) and stance ID ({@code S-7}) in its text made a link to
     * where {@code target} says it is; IDs inside links are left alone, and so is an ID {@code target} does not know
     * (null).
     */
    static String linkIds(String html, Function<String, String> target) {
        StringBuilder out = new StringBuilder(html.length() + 64);
        Matcher part = TAG_OR_TEXT.matcher(html);
        int insideLink = 0;
        while (part.find()) {
            if (part.group(1) != null) {
                String tag = part.group(1);
                if (tag.startsWith("<a ") || tag.equals("<a>")) {
                    insideLink++;
                } else if (tag.equals("</a>")) {
                    insideLink = Math.max(0, insideLink - 1);
                }
                out.append(tag);
                continue;
            }
            String text = part.group(2);
            if (insideLink > 0) {
                out.append(text);
                continue;
            }
            Matcher id = ID.matcher(text);
            int last = 0;
            while (id.find()) {
                String href = target.apply(id.group(1));
                if (href == null) {
                    continue;
                }
                out.append(text, last, id.start()).append("<a href=\"").append(escape(href)).append("\">")
                        .append(id.group(1)).append("</a>");
                last = id.end();
            }
            out.append(text, last, text.length());
        }
        return out.toString();
    }
}
