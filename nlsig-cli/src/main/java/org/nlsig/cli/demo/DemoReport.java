package org.nlsig.cli.demo;

import java.util.List;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;

/** The demo's own finding as a report section: block outputs against the other sites, per model. */
final class DemoReport {
    private DemoReport() {
    }

    static ReportSection blockOutputs(List<DemoRun.ModelSummary> models) {
        Table.Builder t = Table.builder("block_outputs", "Mean affinity score of the block-output ReLUs against the "
                + "other sites", "model", "network", "sites", "block_output_sites", "block_output_mean",
                "other_mean", "gap", "share_above_0.9");
        for (DemoRun.ModelSummary m : models) {
            t.row(m.name(), m.residual() ? "residual" : "plain", m.signature().sites().size(),
                    m.blockOutputSites().size(), m.blockOutputMean(), m.otherMean(),
                    m.blockOutputMean() - m.otherMean(), m.shareAbove09());
        }
        return new ReportSection("block-outputs", "Block outputs against the other sites (Figure 5D)",
                "The ReLU that closes each residual block reads the sum of the block's branch and its shortcut. "
                        + "Block-output sites are the sites whose input is made by an Add node in the residual "
                        + "network, compared by name in both networks: the plain twin is measured at the same "
                        + "positions, where there is no addition. A gap in the residual network only is the "
                        + "residual connections' doing.",
                List.of(t.build()), List.of());
    }
}
