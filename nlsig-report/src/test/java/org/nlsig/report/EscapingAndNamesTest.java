package org.nlsig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.Csv;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.table.Table;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Signature;

/** Issue 17 items 10 and 11: Markdown and CSV escaping, and signatures without a model name. */
class EscapingAndNamesTest {
    @TempDir
    Path tmp;

    @Test
    void markdownCellsCarryNoRawHtmlNorTableBreaks() {
        Table t = Table.builder("t", "<b>title</b>", "name|x", "v")
                .row("<script>alert(1)</script> & a|b\nc", 0.5).build();
        String md = t.toMarkdown();
        assertFalse(md.contains("<script>") || md.contains("<b>"), md);
        assertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; a\\|b c"), md);
        assertTrue(md.startsWith("| name\\|x | v |\n"), md);
        assertEquals(3, md.split("\n")[2].split("(?<!\\\\)\\|", -1).length - 1, md);  // 2 cells, 3 unescaped |
        assertEquals("&lt;b&gt;title&lt;/b&gt;", Table.markdownText(t.title()));
    }

    @Test
    void csvTextCellsThatCouldBeFormulasArePrefixedButNumbersStayNumbers() {
        Table t = Table.builder("t", "t", "=cols", "v", "w")
                .row("=HYPERLINK(\"http://x\")", -0.5, "-0.25")
                .row("+1+1", 1e-9, "@SUM(A1)")
                .row("-2-3", Double.NaN, "\tx")
                .row("plain", -3, "\rx").build();
        List<String> lines = List.of(t.toCsv().split("\n"));
        assertEquals("'=cols,v,w", lines.get(0));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\",-0.5,-0.25", lines.get(1));
        assertEquals("'+1+1,1.0E-9,'@SUM(A1)", lines.get(2));
        assertEquals("'-2-3,,'\tx", lines.get(3));
        assertTrue(t.toCsv().contains("plain,-3,\"'\rx\""), t.toCsv());
        assertEquals("-1e5", Csv.text("-1e5"));
        assertEquals("'-", Csv.text("-"));
        assertEquals("", Csv.text(null));
    }

    private static Signature withModelName(Signature s, String name) {
        ModelInfo m = s.model();
        return new Signature(new ModelInfo(m.path(), name, m.sha256(), m.externalDataSha256(), m.parameters(),
                m.macsPerSample(), m.nodes(), m.opset()), s.data(), s.config(), s.provenance(), s.accuracy(), s.sites());
    }

    @Test
    void aSignatureWithoutAModelNameIsComparedUnderItsFileName() throws Exception {
        List<Signature> sigs = List.of(withModelName(TestSignatures.of("alpha", 1000, 0.7, 0.2, 0.5, 0.8), null),
                TestSignatures.of("beta", 2000, 0.8, 0.3, 0.4, 0.9),
                withModelName(TestSignatures.of("gamma", 3000, null, 0.1, 0.6, 0.7), ""));
        Comparison c = Comparison.of(sigs, List.of(), LinkageMethod.AVERAGE);
        assertEquals(List.of("alpha", "beta", "gamma"),
                c.models().stream().map(m -> m.name()).sorted().toList());
        Path page = ReportWriter.create().writeComparison(c, tmp.resolve("cmp"));
        assertTrue(Files.readString(page).contains("alpha"));
    }
}
