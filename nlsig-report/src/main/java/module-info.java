/**
 * HTML reports of signatures: one model's report, comparisons of models, and studies of activation
 * functions, with figures drawn by XChart (PNG) and VectorGraphics2D (SVG).
 *
 * <p>API packages (exported): {@code org.nlsig.report} ({@link org.nlsig.report.ReportWriter}),
 * {@code org.nlsig.report.activations} (activation-function studies), {@code org.nlsig.report.compare}
 * (comparisons of models), {@code org.nlsig.report.geodesic} (the figure of a geodesic run),
 * {@code org.nlsig.report.page} (the sections a report is made of), {@code org.nlsig.report.study} (the analyses
 * of a study of many runs: Figures 8, 9, 15-17, Table 3) and the
 * {@code org.nlsig.report.figure} and {@code org.nlsig.report.table} packages a section holds. Not
 * exported: {@code org.nlsig.report.model} (the single-model report, reached through
 * {@link org.nlsig.report.ReportWriter}).
 *
 * <p>VectorGraphics2D 0.13 (XChart's own SVG back end) has no module descriptor and no {@code
 * Automatic-Module-Name}; its name, {@code VectorGraphics2D}, is derived from the jar's file name
 * ({@code VectorGraphics2D-0.13.jar}, fixed by its Maven coordinates).
 */
module org.nlsig.report {
    requires transitive org.nlsig.io;
    requires transitive org.nlsig.math;
    requires transitive org.nlsig.signature;
    requires java.desktop;
    requires org.knowm.xchart;
    requires VectorGraphics2D;

    exports org.nlsig.report;
    exports org.nlsig.report.activations;
    exports org.nlsig.report.compare;
    exports org.nlsig.report.figure;
    exports org.nlsig.report.geodesic;
    exports org.nlsig.report.page;
    exports org.nlsig.report.study;
    exports org.nlsig.report.table;
}
