package org.nlsig.report.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.TestSignatures;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/** Sites are identified by name: an export listing the same sites in another order is compared site by site. */
class SiteAlignmentTest {
    private static final double[] MEANS = {0.2, 0.9, 0.5, 0.7, 0.3};

    /** The signature with its sites listed in {@code order} (as another exporter could order the same network). */
    private static Signature permuted(Signature s, int... order) {
        List<SiteResult> sites = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            SiteResult r = s.sites().get(order[k]);
            sites.add(new SiteResult(k, r.name(), r.kind(), r.op(), r.input(), r.output(), r.shape(),
                    r.featureAxis(), r.pooledDim(), r.affinity(), r.metrics(), r.scoring()));
        }
        return new Signature(s.model(), s.data(), s.config(), s.provenance(), s.accuracy(), sites);
    }

    private static Signature renamed(Signature s, int site, String name) {
        List<SiteResult> sites = new ArrayList<>(s.sites());
        SiteResult r = sites.get(site);
        sites.set(site, new SiteResult(r.index(), name, r.kind(), r.op(), r.input(), r.output(), r.shape(),
                r.featureAxis(), r.pooledDim(), r.affinity(), r.metrics(), r.scoring()));
        return new Signature(s.model(), s.data(), s.config(), s.provenance(), s.accuracy(), sites);
    }

    @Test
    void theSameSitesInAnotherOrderAreComparedInTheFirstSignaturesOrder() {
        Signature fp16 = TestSignatures.of("fp16", 1000, null, MEANS);
        Signature int8 = permuted(TestSignatures.of("int8", 1000, null, MEANS), 3, 0, 4, 1, 2);
        Comparison c = Comparison.of(List.of(fp16, int8), List.of(), LinkageMethod.AVERAGE);
        assertEquals(List.of("int8"), c.alignment().byName());
        assertEquals(List.of(), c.alignment().byOrder());
        // Per-site means are the same values (TestSignatures' batches differ by name, their mean within 0.04).
        assertArrayEquals(fp16.meanScores(), c.signatures().get(1).meanScores(), 0.04);
        assertEquals(fp16.sites().stream().map(SiteResult::name).toList(),
                c.signatures().get(1).sites().stream().map(SiteResult::name).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), c.signatures().get(1).sites().stream().map(SiteResult::index).toList());
        assertEquals(List.of("sites aligned by name: int8 lists fp16's site names in another order and is compared "
                + "in fp16's order"), c.alignment().describe());
        double unaligned = Comparison.of(List.of(fp16, renamed(int8, 0, "other")), List.of(), LinkageMethod.AVERAGE)
                .distances()[0][1];
        assertEquals(true, c.distances()[0][1] < unaligned / 4, c.distances()[0][1] + " vs " + unaligned);
    }

    @Test
    void signaturesWithOtherNamesKeepTheirOrderAndAreNamed() {
        Signature a = TestSignatures.of("a", 1000, null, MEANS);
        Signature same = TestSignatures.of("same", 1000, null, MEANS);
        Signature other = renamed(renamed(TestSignatures.of("other", 1000, null, 0.1, 0.2, 0.3), 0, "stem"), 2,
                "head");
        SiteAlignment.Aligned aligned = SiteAlignment.align(List.of(a, same, other), List.of("a", "same", "other"));
        assertEquals(List.of("other"), aligned.alignment().byOrder());
        assertEquals(List.of(), aligned.alignment().byName());
        assertEquals(other, aligned.signatures().get(2));
        assertEquals(List.of("sites compared by position (their names differ from a's): other",
                "  other: 3 sites, a 5; 2 of its names are not a's ('stem', 'head')"), aligned.alignment().describe());
    }

    @Test
    void identicalSiteListsSayNothingWasReordered() {
        Signature a = TestSignatures.of("a", 1000, null, MEANS);
        Signature b = TestSignatures.of("b", 1000, null, MEANS);
        assertEquals(List.of("sites aligned by name: every signature has a's site names in its order"),
                SiteAlignment.align(List.of(a, b), List.of("a", "b")).alignment().describe());
    }
}
