package org.nlsig.signature.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.Sha256;

/**
 * A run's output files, published as a whole. Every file is first written into a staging folder beside them
 * ({@code DIR/.nlsig-publish-XXXX/}); then the manifest {@value #MANIFEST} is removed, each file moved into place
 * (the previous set's files that the new set lacks removed), and the manifest, listing every file with its SHA-256,
 * written last. Readers trust a folder only through its manifest ({@link #verify}): a run killed or out of disk at
 * any point leaves either the previous complete set or a folder without a manifest, never a half set marked
 * complete. A fresh run removes the previous results at its start ({@link #clearPrevious}), manifest first;
 * leftovers of a killed run (staging folders, atomic-write temporaries) are removed by the next run.
 */
public final class OutputSet {
    /** The manifest: written last, read first. */
    public static final String MANIFEST = ".nlsig-complete";
    public static final String SCHEMA = "nlsig.outputs/1";
    static final String STAGING_PREFIX = ".nlsig-publish-";
    /** The journal's name (the journal package is not this one's business; the name is part of the folder format). */
    static final String JOURNAL = ".nlsig-journal.jsonl";
    /** What a signature run (with --report) publishes: removed by a fresh run before it starts. */
    public static final List<String> RESULTS = List.of(SignatureOutputs.JSON, SignatureOutputs.CSV, "report.html",
            "figures", "tables");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutputSet() {
    }

    /** Writes some of a set's files into the staging folder. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path staging) throws IOException;
    }

    /** Moves a staged entry into place (tests inject failures here). */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    /** Before a fresh run: the manifest marked incomplete, then the previous results and any leftovers removed. */
    public static void clearPrevious(Path dir) throws IOException {
        markIncomplete(dir);
        for (String name : RESULTS) {
            deleteTree(dir.resolve(name));
        }
        clearLeftovers(dir);
    }

    /** Staging folders and atomic-write temporaries ({@code .NAME*.tmp}) of a killed or failed run. */
    public static void clearLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> junk = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.startsWith(STAGING_PREFIX) || (n.startsWith(".") && n.endsWith(".tmp"))) {
                    junk.add(p);
                }
            }
        }
        for (String sub : List.of("figures", "tables")) {
            Path d = dir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(d, ".*.tmp")) {
                    entries.forEach(junk::add);
                }
            }
        }
        for (Path p : junk) {
            deleteTree(p);
        }
    }

    /** Publishes the files the writers produce into dir as one set. */
    public static void publish(Path dir, List<Writer> writers) throws IOException {
        publish(dir, writers, OutputSet::move);
    }

    static void publish(Path dir, List<Writer> writers, Mover mover) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, STAGING_PREFIX);
        try {
            for (Writer w : writers) {
                w.writeInto(staging);
            }
            clearLeftovers(staging);
            Map<String, String> files = hashes(staging);
            List<Path> entries;
            try (Stream<Path> s = Files.list(staging)) {
                entries = s.sorted().toList();
            }
            // from here the folder holds no complete set until the manifest says so again
            markIncomplete(dir);
            for (String name : RESULTS) {
                if (!Files.exists(staging.resolve(name))) {
                    deleteTree(dir.resolve(name));
                }
            }
            for (Path e : entries) {
                Path target = dir.resolve(e.getFileName().toString());
                if (Files.isDirectory(target)) {
                    deleteTree(target);
                }
                mover.move(e, target);
            }
            writeManifest(dir, true, files);
        } finally {
            deleteTree(staging);
        }
    }

    /** The folder's manifest says incomplete (a run is writing it, or was killed doing so). */
    static void markIncomplete(Path dir) throws IOException {
        if (Files.exists(dir.resolve(MANIFEST)) || hasResults(dir)) {
            writeManifest(dir, false, Map.of());
        }
    }

    private static boolean hasResults(Path dir) {
        return RESULTS.stream().anyMatch(n -> Files.exists(dir.resolve(n)));
    }

    private static void writeManifest(Path dir, boolean complete, Map<String, String> files) throws IOException {
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("schema", SCHEMA);
        manifest.put("complete", complete);
        ObjectNode listed = manifest.putObject("files");
        files.forEach(listed::put);
        AtomicFile.writeString(dir.resolve(MANIFEST),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
    }

    /**
     * Checks that a file read from an output folder belongs to a complete set: when the folder has a manifest, it
     * must say complete and, if it lists the file, with the SHA-256 of {@code bytes}; without a manifest, a
     * signature.json beside a journal must be the journal's run's (a killed fresh run leaves an older one).
     *
     * @param bytes the file's content as read
     * @throws IOException naming the folder when it holds no complete set
     */
    public static void verify(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        String name = file.getFileName().toString();
        Path manifest = dir.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            JsonNode m;
            try {
                m = MAPPER.readTree(Files.readAllBytes(manifest));
            } catch (IOException e) {
                throw incomplete(dir, "its manifest " + MANIFEST + " is unreadable");
            }
            if (m == null || !m.path("complete").asBoolean(false)) {
                throw incomplete(dir, "a run into it is writing it, or was interrupted; continue an interrupted run"
                        + " with nlsig signature ... --resume");
            }
            JsonNode listed = m.path("files").get(name);
            if (listed != null && !listed.asText().equals(Sha256.of(bytes))) {
                throw incomplete(dir, name + " is not the file its run published (changed since, or a later run into"
                        + " the folder was interrupted)");
            }
            return;
        }
        Path journal = dir.resolve(JOURNAL);
        if (name.equals(SignatureOutputs.JSON) && Files.exists(journal)) {
            String runStarted = journalStarted(journal);
            String fileStarted;
            try {
                fileStarted = MAPPER.readTree(bytes).path("provenance").path("started").asText(null);
            } catch (IOException e) {
                return; // not JSON: the caller says so
            }
            if (runStarted == null || !runStarted.equals(fileStarted)) {
                throw incomplete(dir, "the run recorded in its journal (" + JOURNAL + ") did not finish, and "
                        + name + " is an earlier run's; continue the run with nlsig signature ... --resume");
            }
        }
    }

    /** {@link #verify} for a folder: its signature.json, read. */
    public static byte[] readVerified(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        verify(file, bytes);
        return bytes;
    }

    private static String journalStarted(Path journal) {
        try (InputStream in = Files.newInputStream(journal);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            return header == null ? null : MAPPER.readTree(header).path("started").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static IOException incomplete(Path dir, String why) {
        return new IOException(dir + ": not a complete set of results (" + why + ")");
    }

    private static Map<String, String> hashes(Path staging) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(staging)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(staging.relativize(p).toString().replace('\\', '/'), Sha256.of(p));
            }
        }
        return files;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(p)) {
                all = s.sorted(java.util.Comparator.reverseOrder()).toList();
            }
            for (Path q : all) {
                Files.deleteIfExists(q);
            }
        } else {
            Files.deleteIfExists(p);
        }
    }
}
