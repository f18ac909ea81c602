package org.nlsig.report.page;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.table.Table;

/**
 * One self-contained HTML page: styles inline, figures embedded as PNG data URIs (with links to the PNG and SVG
 * files next to the page), no scripts and nothing fetched from the network.
 */
public final class HtmlPage {
    private HtmlPage() {
    }

    /**
     * @param pngs each figure's PNG bytes, by figure name
     * @param figureDir the folder, relative to the page, holding {@code name.png} and {@code name.svg}
     * @param tableDir  the folder, relative to the page, holding {@code name.csv} and {@code name.md}
     */
    public static String render(String title, String intro, List<ReportSection> sections, Map<String, byte[]> pngs,
            String figureDir, String tableDir) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em auto;max-width:1300px;color:#222;padding:0 1em}\n")
                .append("h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:.85em}\n")
                .append("th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
                .append(".scroll{overflow-x:auto}figure{margin:1em 0}figure img{max-width:100%;height:auto;")
                .append("border:1px solid #eee}figcaption{font-size:.85em;color:#555}\n")
                .append("nav ul{columns:2}.files{font-size:.8em;color:#777}\n</style>\n</head>\n<body>\n");
        b.append("<h1>").append(escape(title)).append("</h1>\n");
        if (intro != null && !intro.isBlank()) {
            b.append("<p>").append(escape(intro)).append("</p>\n");
        }
        b.append("<nav><ul>\n");
        for (ReportSection s : sections) {
            b.append("<li><a href=\"#").append(escape(s.id())).append("\">").append(escape(s.heading()))
                    .append("</a></li>\n");
        }
        b.append("</ul></nav>\n");
        for (ReportSection s : sections) {
            b.append("<section id=\"").append(escape(s.id())).append("\">\n<h2>").append(escape(s.heading()))
                    .append("</h2>\n");
            if (s.description() != null && !s.description().isBlank()) {
                b.append("<p>").append(escape(s.description())).append("</p>\n");
            }
            for (Figure f : s.figures()) {
                byte[] png = pngs.get(f.name());
                if (png == null) {
                    throw new IllegalArgumentException("no image rendered for figure " + f.name());
                }
                b.append("<figure class=\"nlsig-figure\" id=\"figure-").append(escape(f.name())).append("\">\n")
                        .append("<img alt=\"").append(escape(f.title())).append("\" width=\"").append(f.width())
                        .append("\" height=\"").append(f.height()).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>")
                        .append(escape(f.title())).append(" <span class=\"files\">(<a href=\"")
                        .append(escape(figureDir + "/" + f.name())).append(".svg\">SVG</a>, <a href=\"")
                        .append(escape(figureDir + "/" + f.name())).append(".png\">PNG</a>)</span>")
                        .append("</figcaption>\n</figure>\n");
            }
            for (Table t : s.tables()) {
                appendTable(b, t, tableDir);
            }
            b.append("</section>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void appendTable(StringBuilder b, Table t, String tableDir) {
        b.append("<h3 id=\"table-").append(escape(t.name())).append("\">").append(escape(t.title()))
                .append(" <span class=\"files\">(<a href=\"").append(escape(tableDir + "/" + t.name()))
                .append(".csv\">CSV</a>, <a href=\"").append(escape(tableDir + "/" + t.name()))
                .append(".md\">Markdown</a>)</span></h3>\n<div class=\"scroll\"><table class=\"nlsig-table\">\n<tr>");
        for (String c : t.columns()) {
            b.append("<th>").append(escape(c)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<Object> r : t.rows()) {
            b.append("<tr>");
            for (Object c : r) {
                b.append("<td>").append(escape(t.shown(c))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
