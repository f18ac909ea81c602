package org.nlsig.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 17 item 11: OWASP's CSV-injection advice for text cells, numbers kept numeric. */
class CsvTest {
    @Test
    void formulaTriggersArePrefixedInTextCells() {
        assertEquals("'=1+1", Csv.text("=1+1"));
        assertEquals("'+cmd", Csv.text("+cmd"));
        assertEquals("'-cmd", Csv.text("-cmd"));
        assertEquals("'@SUM(A1)", Csv.text("@SUM(A1)"));
        assertEquals("'\tx", Csv.text("\tx"));
        assertEquals("\"'\rx\"", Csv.text("\rx"));
        assertEquals("\"'=A1,B1\"", Csv.text("=A1,B1"));
        assertEquals("\"a \"\"b\"\"\"", Csv.text("a \"b\""));
    }

    @Test
    void numbersAndPlainTextStayAsTheyAre() {
        assertEquals("-0.5", Csv.text("-0.5"));
        assertEquals("+3", Csv.text("+3"));
        assertEquals("-1.5E-7", Csv.text("-1.5E-7"));
        assertEquals("block1.relu", Csv.text("block1.relu"));
        assertEquals("", Csv.text(null));
        assertEquals("-2", Csv.quote("-2"));
    }
}
