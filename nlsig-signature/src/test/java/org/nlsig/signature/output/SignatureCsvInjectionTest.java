package org.nlsig.signature.output;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/** Issue 17 item 11: node names from a hostile model cannot become spreadsheet formulas in signature.csv. */
class SignatureCsvInjectionTest {
    @Test
    void formulaLikeSiteNamesArePrefixedAndNegativeNumbersAreNot() {
        Signature s = SignatureJsonTest.example("net", -0.5, 0.95);
        List<SiteResult> sites = s.sites().stream().map(x -> new SiteResult(x.index(),
                x.index() == 0 ? "=HYPERLINK(\"http://evil\",\"x\")" : "@SUM(1+1)", "-relu", "+Op", x.input(),
                x.output(), x.shape(), x.featureAxis(), x.pooledDim(), x.affinity(), x.metrics(), x.scoring())).toList();
        Signature hostile = new Signature(s.model(), s.data(), s.config(), s.provenance(), s.accuracy(), sites);
        String[] lines = SignatureCsv.toCsv(hostile).split("\n");
        assertTrue(lines[1].startsWith("0,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'-relu,'+Op,1,16,-0.5000000000,"),
                lines[1]);
        assertTrue(lines[2].startsWith("1,'@SUM(1+1),'-relu,'+Op,"), lines[2]);
    }
}
