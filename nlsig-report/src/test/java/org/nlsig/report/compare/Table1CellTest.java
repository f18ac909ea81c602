package org.nlsig.report.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nlsig.math.analysis.MetricCorrelations;

/** Table 1's cells say how many models a mean is over; one model has no "± 0.00". */
class Table1CellTest {
    @Test
    void cellsNameTheirCountWhereItMatters() {
        assertEquals("", ComparisonReport.meanStdCell(new MetricCorrelations.MeanStd(Double.NaN, Double.NaN, 0), 3));
        assertEquals("0.83 (1 model)", ComparisonReport.meanStdCell(new MetricCorrelations.MeanStd(0.83, 0, 1), 3));
        assertEquals("0.50 ± 0.10 (2 models)",
                ComparisonReport.meanStdCell(new MetricCorrelations.MeanStd(0.5, 0.1, 2), 3));
        assertEquals("0.50 ± 0.10", ComparisonReport.meanStdCell(new MetricCorrelations.MeanStd(0.5, 0.1, 3), 3));
    }

    @Test
    void countsAreWholeNumbers() {
        assertEquals(68250L, ComparisonReport.count(68250.0));
        assertEquals(null, ComparisonReport.count(Double.NaN));
    }
}
