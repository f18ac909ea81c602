package org.nlsig.signature.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output set's publishing steps, with failures injected where a kill or a full disk would strike. */
class OutputSetTest {
    @TempDir
    Path out;

    private static List<OutputSet.Writer> set(String version) {
        return List.of(s -> Files.writeString(s.resolve("signature.json"), "{\"v\":" + version + "}"),
                s -> Files.writeString(s.resolve("signature.csv"), "v\n" + version + "\n"));
    }

    @Test
    void aFailureWhileMovingTheSecondFileLeavesNoSetMarkedComplete() throws IOException {
        OutputSet.publish(out, set("1"));
        AtomicInteger moves = new AtomicInteger();
        assertThrows(IOException.class, () -> OutputSet.publish(out, set("2"), (from, to) -> {
            if (moves.incrementAndGet() == 2) {
                throw new IOException("killed");
            }
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }));
        // the new signature.csv moved, the old signature.json stayed: the manifest must not vouch for either
        byte[] json = Files.readAllBytes(out.resolve("signature.json"));
        IOException e = assertThrows(IOException.class, () -> OutputSet.verify(out.resolve("signature.json"), json));
        assertTrue(e.getMessage().contains("not a complete set"), e.getMessage());
        assertTrue(Files.readString(out.resolve(OutputSet.MANIFEST)).contains("\"complete\" : false"));
        assertThrows(IOException.class, () -> SignatureJson.read(out));
        // the next publish makes it whole again, and removes the killed publish's staging folder
        OutputSet.publish(out, set("3"));
        OutputSet.verify(out.resolve("signature.json"), Files.readAllBytes(out.resolve("signature.json")));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(OutputSet.STAGING_PREFIX)));
        }
    }

    @Test
    void aFileChangedAfterPublishingIsNotTrusted() throws IOException {
        OutputSet.publish(out, set("1"));
        Files.writeString(out.resolve("signature.json"), "{\"v\":9}");
        assertThrows(IOException.class, () -> OutputSet.verify(out.resolve("signature.json"),
                "{\"v\":9}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void leftoversOfAKilledRunAreRemovedAndOtherFilesKept() throws IOException {
        Files.write(out.resolve(".signature.json4711.tmp"), new byte[0]);
        Files.write(out.resolve(".signature.csv4712.tmp"), new byte[] {1});
        Files.createDirectories(out.resolve(".nlsig-publish-1/figures"));
        Files.writeString(out.resolve(".nlsig-publish-1/figures/a.svg"), "<svg/>");
        Files.createDirectories(out.resolve("figures"));
        Files.write(out.resolve("figures/.a.png99.tmp"), new byte[0]);
        Files.writeString(out.resolve("figures/a.png"), "png");
        Files.writeString(out.resolve("mine.tmp"), "not ours: no leading dot");
        OutputSet.clearLeftovers(out);
        assertFalse(Files.exists(out.resolve(".signature.json4711.tmp")));
        assertFalse(Files.exists(out.resolve(".signature.csv4712.tmp")));
        assertFalse(Files.exists(out.resolve(".nlsig-publish-1")));
        assertFalse(Files.exists(out.resolve("figures/.a.png99.tmp")));
        assertTrue(Files.exists(out.resolve("figures/a.png")));
        assertTrue(Files.exists(out.resolve("mine.tmp")));
    }

    @Test
    void aRepublishedSetWithoutTheReportRemovesTheOldReport() throws IOException {
        OutputSet.publish(out, List.of(set("1").get(0), set("1").get(1), s -> {
            Files.writeString(s.resolve("report.html"), "<html/>");
            Files.createDirectories(s.resolve("figures"));
            Files.writeString(s.resolve("figures/f.svg"), "<svg/>");
        }));
        assertTrue(Files.exists(out.resolve("figures/f.svg")));
        OutputSet.publish(out, set("2"));
        assertFalse(Files.exists(out.resolve("report.html")));
        assertFalse(Files.exists(out.resolve("figures")));
        assertEquals("v\n2\n", Files.readString(out.resolve("signature.csv")));
    }

    @Test
    void aFolderWithoutManifestOrJournalIsReadAsBefore() throws IOException {
        Files.writeString(out.resolve("signature.json"), "{}");
        OutputSet.verify(out.resolve("signature.json"), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
