package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A long study reports at most every few seconds, and always once when it is done. */
class StudyProgressTest {
    @Test
    void linesAreThrottledAndTheLastOneSaysDone() {
        StringWriter out = new StringWriter();
        StudyProgress p = new StudyProgress(new PrintWriter(out), "sliding-mean", 3);
        p.accept(1);
        p.accept(2);
        assertEquals("", out.toString(), "within the first " + StudyProgress.PERIOD + " s nothing is printed");
        p.accept(3);
        assertTrue(out.toString().startsWith("nlsig: sliding-mean: 3 of 3 inputs scored, done in "), out.toString());
    }
}
