package org.nlsig.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nlsig.io.UserInputException;

class DataSpecTest {
    @Test
    void parsesEveryKind() {
        DataSpec f = DataSpec.parse("imagefolder:/data/val");
        assertEquals("imagefolder", f.kind());
        assertEquals(List.of("/data/val"), f.paths());

        DataSpec idx = DataSpec.parse("idx:a.gz,b.gz");
        assertEquals(List.of("a.gz", "b.gz"), idx.paths());

        DataSpec c = DataSpec.parse("cifar100:/d,split=train");
        assertEquals(Split.TRAIN, c.split());
        assertFalse(c.isDownload());

        DataSpec r = DataSpec.parse("random:3x32x32,seed=7,n=10");
        assertArrayEquals(new long[] {3, 32, 32}, r.randomShape());
        assertEquals(7, r.longParam("seed", 0));
        assertEquals(10, r.longParam("n", 0));

        DataSpec m = DataSpec.parse("fashion-mnist,split=train");
        assertTrue(m.isDownload());
        assertEquals("fashion-mnist", m.kind());
        assertEquals(Split.TRAIN, m.split());
        assertTrue(DataSpec.parse("cifar10").isDownload());
        assertEquals(Split.TEST, DataSpec.parse("mnist").split());
    }

    @Test
    void errorsShowTheSyntax() {
        for (String bad : new String[] {"", "imgfolder:/x", "cifar10:/a,/b", "random:3x32x32,colour=1", "npy:",
            "mnist,split=validation", "cifar", "random:3xax3", "idx:a,b,c"}) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> DataSpec.parse(bad).randomShape(), bad);
            assertTrue(e.getMessage().contains("Data specs") && e.getMessage().contains("imagefolder:DIR"),
                    bad + " -> " + e.getMessage());
        }
    }
}
