package org.nlsig.report.page;

import java.util.List;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.table.Table;

/** A part of a report: a heading, a paragraph saying what it shows, its tables and figures. */
public record ReportSection(String id, String heading, String description, List<Table> tables,
        List<Figure> figures) {
    public ReportSection {
        tables = List.copyOf(tables);
        figures = List.copyOf(figures);
    }
}
