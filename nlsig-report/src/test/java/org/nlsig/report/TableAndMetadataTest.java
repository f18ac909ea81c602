package org.nlsig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.report.compare.ModelMetadata;
import org.nlsig.report.table.Table;

class TableAndMetadataTest {
    @TempDir
    Path dir;

    @Test
    void tablesRenderAsCsvAndMarkdown() {
        Table t = Table.builder("t", "T", "model", "score", "note").row("a,b", 0.123456789, null)
                .row("c", Double.NaN, "x|y").digits(3).build();
        assertEquals("model,score,note\n\"a,b\",0.123456789,\nc,,x|y\n", t.toCsv());
        assertEquals("| model | score | note |\n|---|---|---|\n| a,b | 0.123 |  |\n| c |  | x\\|y |\n",
                t.toMarkdown());
        assertThrows(IllegalArgumentException.class, () -> Table.builder("u", "U", "a", "b").row(1).build());
    }

    @Test
    void readsModelsCsvWithOptionalColumns() throws IOException {
        Path f = dir.resolve("models.csv");
        Files.writeString(f, "name,family,year,accuracy\nresnet18,resnet,2016,0.697\n\"vit, b16\",vit,,\n");
        List<ModelMetadata> m = ModelMetadata.readCsv(f);
        assertEquals(2, m.size());
        assertEquals(2016, m.get(0).year());
        assertEquals(0.697, m.get(0).accuracy());
        assertTrue(Double.isNaN(m.get(0).parameters()));
        assertEquals("vit, b16", m.get(1).name());
        assertEquals(null, m.get(1).year());
    }

    @Test
    void badModelsCsvNamesFileRowAndColumn() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "name,accuracy\nresnet18,high\n");
        IOException e = assertThrows(IOException.class, () -> ModelMetadata.readCsv(f));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("row 2")
                && e.getMessage().contains("accuracy") && e.getMessage().contains("high"), e.getMessage());
        Files.writeString(f, "name,colour\nx,red\n");
        e = assertThrows(IOException.class, () -> ModelMetadata.readCsv(f));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        Files.writeString(f, "name,year\nx,2016\nx,2017\n");
        e = assertThrows(IOException.class, () -> ModelMetadata.readCsv(f));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("twice"), e.getMessage());
    }
}
