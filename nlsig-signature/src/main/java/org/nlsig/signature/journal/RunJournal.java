package org.nlsig.signature.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nlsig.signature.output.SignatureJson;

/**
 * The append-only record of a signature run: a header line with the run's fingerprint, then one line per completed
 * batch, each forced to disk before the next batch is counted as done. A run killed at any point (even kill -9 in the
 * middle of a write) resumes from the last complete line; a torn last line is discarded.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = ".nlsig-journal.jsonl";
    private static final ObjectMapper MAPPER = SignatureJson.mapper().disable(
            com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final FileChannel channel;
    private final List<BatchRecord> batches;
    private final Header header;

    /**
     * The version of the journal's line format. 2: batch lines carry per-site scoring records (constant outputs,
     * clamping, routes, fallbacks). 3: batch lines carry the SHA-256 of the batch's input and the files skipped while
     * reading that very batch. A journal of another version is refused on resume rather than half-read.
     */
    public static final int SCHEMA = 3;

    /**
     * The first line: what the run is, so a resume with other arguments or another model is refused.
     *
     * @param schema the line format's version, {@link #SCHEMA} when written by this nlsig (0 when absent: version 1)
     */
    public record Header(int schema, String fingerprint, String describe, String started, int resumed) {

        public Header(String fingerprint, String describe, String started, int resumed) {
            this(SCHEMA, fingerprint, describe, started, resumed);
        }
    }

    private RunJournal(Path file, FileChannel channel, Header header, List<BatchRecord> batches) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.batches = batches;
    }

    /** Starts a new journal in dir, replacing any earlier one. */
    public static RunJournal create(Path dir, Header header) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Files.deleteIfExists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RunJournal j = new RunJournal(file, ch, header, new ArrayList<>());
        j.appendLine(MAPPER.writeValueAsString(header));
        return j;
    }

    /**
     * What every batch line of this run must look like: the number of sites, the metrics recorded besides the
     * affinity score, and the batch size (the most samples a batch can hold).
     */
    public record Layout(int sites, java.util.Set<org.nlsig.signature.result.MetricName> metrics, int batchSize) {

        public Layout {
            metrics = java.util.Set.copyOf(metrics);
        }
    }

    /**
     * Reopens the journal in dir to continue its run. The file is read as bytes and decoded strictly as UTF-8, line
     * by line: a torn or malformed last line (a killed or disk-full write, even one cut inside a multi-byte
     * character) is discarded and truncated away; any other malformed line, a header that is not this nlsig's, and a
     * batch line whose values do not fit the layout are refused naming the file and the line.
     *
     * @return null if there is no journal, or only a torn header (nothing finished)
     * @throws IOException if the journal is unreadable, malformed, or belongs to a run with another fingerprint (the
     *                     message says what differs as far as the header tells)
     */
    public static RunJournal resume(Path dir, String fingerprint, String describe, Layout layout)
            throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        List<int[]> lines = new ArrayList<>(); // start and end (exclusive, without the newline) of complete lines
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new int[] {from, i});
                from = i + 1;
            }
        }
        // bytes after the last newline are a torn write: discarded
        if (lines.isEmpty()) {
            return null; // empty, or killed while writing the header: nothing was finished
        }
        Header old = parseHeader(decode(bytes, lines.get(0), file, 1, false), file);
        if (old.schema() != SCHEMA) {
            throw new IOException("cannot resume in " + dir + ": its journal " + file.getFileName()
                    + " was written by another version of nlsig (journal format " + Math.max(1, old.schema())
                    + ", this nlsig reads format " + SCHEMA + "); run without --resume to start over");
        }
        if (old.fingerprint() == null || !old.fingerprint().equals(fingerprint)) {
            throw new IOException("cannot resume in " + dir + ": the journal there is of another run ("
                    + differences(old.describe(), describe) + "); use another --out, or run without --resume to start"
                    + " over");
        }
        if (old.describe() == null || old.started() == null || old.resumed() < 0) {
            throw malformed(file, 1, "the header lacks the run's description, start time or resume count");
        }
        List<BatchRecord> done = new ArrayList<>();
        long validBytes = lines.get(0)[1] + 1L;
        for (int i = 1; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            String line = decode(bytes, lines.get(i), file, i + 1, last);
            if (line == null) {
                break; // a torn last line: that batch is redone
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (IOException e) {
                if (last) {
                    break;
                }
                throw malformed(file, i + 1, "not JSON (" + firstLine(e) + ")");
            }
            if (node == null || !node.isObject()) {
                throw malformed(file, i + 1, "a batch line must be a JSON object, found " + abbreviate(line));
            }
            BatchRecord r;
            try {
                r = MAPPER.treeToValue(node, BatchRecord.class);
            } catch (IOException | RuntimeException e) {
                throw malformed(file, i + 1, "not a batch record (" + firstLine(e) + ")");
            }
            String problem = check(r, done.size(), layout);
            if (problem != null) {
                throw malformed(file, i + 1, problem);
            }
            done.add(r);
            validBytes = lines.get(i)[1] + 1L;
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.truncate(validBytes);
        ch.position(validBytes);
        Header header = new Header(old.fingerprint(), old.describe(), old.started(), old.resumed() + 1);
        return new RunJournal(file, ch, header, done);
    }

    /** The line's text, or null when it is the last line and not valid UTF-8 (torn); otherwise invalid is an error. */
    private static String decode(byte[] bytes, int[] range, Path file, int lineNumber, boolean last)
            throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes, range[0], range[1] - range[0])).toString();
        } catch (CharacterCodingException e) {
            if (last) {
                return null;
            }
            throw malformed(file, lineNumber, "not valid UTF-8");
        }
    }

    /** The header line (complete: a torn header is no line at all). */
    private static Header parseHeader(String text, Path file) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw malformed(file, 1, "the header is not JSON (" + firstLine(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw malformed(file, 1, "the header must be a JSON object, found " + abbreviate(text));
        }
        if (!node.hasNonNull("fingerprint")) {
            if (node.has("schema") && node.get("schema").canConvertToInt()) {
                throw malformed(file, 1, "the header has no run fingerprint");
            }
            // no schema and no fingerprint: not a journal of any nlsig version
            throw malformed(file, 1, "the header has no run fingerprint and no journal format");
        }
        try {
            return MAPPER.treeToValue(node, Header.class);
        } catch (IOException | RuntimeException e) {
            throw malformed(file, 1, "unreadable header (" + firstLine(e) + ")");
        }
    }

    /** What is wrong with a batch line read as record {@code expected}, or null. */
    private static String check(BatchRecord r, int expected, Layout layout) {
        if (r.batch() != expected) {
            return "batch index " + r.batch() + " where batch " + expected + " was expected";
        }
        if (r.samples() <= 0 || (layout != null && r.samples() > layout.batchSize())) {
            return "batch " + r.batch() + " has " + r.samples() + " samples"
                    + (layout != null ? ", expected 1 to " + layout.batchSize() : "");
        }
        if (r.top1() < 0 || r.top5() < r.top1() || r.labelled() < r.top5() || r.labelled() > r.samples()) {
            return "batch " + r.batch() + " has impossible accuracy counts (top1 " + r.top1() + ", top5 " + r.top5()
                    + ", labelled " + r.labelled() + ", samples " + r.samples() + ")";
        }
        if (r.inputSha256() == null || !r.inputSha256().matches("[0-9a-f]{64}")) {
            return "batch " + r.batch() + " lacks the SHA-256 of its input";
        }
        if (layout == null) {
            return null;
        }
        int n = layout.sites();
        if (r.affinity().size() != n) {
            return "batch " + r.batch() + " has " + r.affinity().size() + " affinity scores for " + n + " sites";
        }
        if (r.scoring().size() != n) {
            return "batch " + r.batch() + " has " + r.scoring().size() + " scoring records for " + n + " sites";
        }
        if (r.pooledDims().size() != n || r.pooledDims().stream().anyMatch(d -> d == null || d < 1)) {
            return "batch " + r.batch() + " has pooled widths " + r.pooledDims() + " for " + n + " sites";
        }
        for (Double a : r.affinity()) {
            if (a != null && !(a >= 0 && a <= 1)) {
                return "batch " + r.batch() + " has an affinity score " + a + " outside [0, 1]";
            }
        }
        if (!r.metrics().keySet().equals(layout.metrics())) {
            return "batch " + r.batch() + " records the metrics " + r.metrics().keySet() + ", the run "
                    + layout.metrics();
        }
        for (var e : r.metrics().entrySet()) {
            if (e.getValue().size() != n) {
                return "batch " + r.batch() + " has " + e.getValue().size() + " " + e.getKey().id() + " values for "
                        + n + " sites";
            }
        }
        if (r.skipped().stream().anyMatch(f -> f == null || f.id() == null)
                || r.warnings().stream().anyMatch(w -> w == null)) {
            return "batch " + r.batch() + " has an empty skipped-file or warning entry";
        }
        return null;
    }

    private static IOException malformed(Path file, int line, String what) {
        return new IOException(file + " line " + line + ": " + what + "; the journal is damaged: delete the file, or"
                + " run without --resume, to start over");
    }

    private static String firstLine(Throwable e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : String.valueOf(e.getMessage());
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * What differs between two run descriptions: the fields of their canonical JSON that are not equal, each with
     * both values (long ones, such as the site list, named only); the whole texts when they are not JSON objects.
     */
    static String differences(String journal, String now) {
        JsonNode a;
        JsonNode b;
        try {
            a = MAPPER.readTree(journal == null ? "null" : journal);
            b = MAPPER.readTree(now);
        } catch (IOException e) {
            a = null;
            b = null;
        }
        if (a == null || b == null || !a.isObject() || !b.isObject()) {
            return "journal: " + journal + "; now: " + now;
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        List<String> out = new ArrayList<>();
        for (String name : names) {
            JsonNode x = a.get(name);
            JsonNode y = b.get(name);
            if (java.util.Objects.equals(x, y)) {
                continue;
            }
            String xs = String.valueOf(x);
            String ys = String.valueOf(y);
            out.add(xs.length() + ys.length() > 160 ? name + " differs"
                    : name + " was " + xs + ", now " + ys);
        }
        return out.isEmpty() ? "the descriptions differ" : String.join("; ", out);
    }

    /** A batch as its journal line (what {@link #append} writes). */
    public static String encodeBatch(BatchRecord record) throws IOException {
        return MAPPER.writeValueAsString(record);
    }

    /**
     * A batch line scored elsewhere, read back with the checks a resume applies to a journal's lines.
     *
     * @param expected the batch index the line must hold
     * @throws IOException when it is not a batch record of this layout
     */
    public static BatchRecord decodeBatch(String line, int expected, Layout layout) throws IOException {
        BatchRecord r;
        try {
            r = MAPPER.readValue(line, BatchRecord.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException("a remotely scored batch is not a batch record (" + firstLine(e) + ")", e);
        }
        String problem = check(r, expected, layout);
        if (problem != null) {
            throw new IOException("a remotely scored batch does not fit the run: " + problem);
        }
        return r;
    }

    /** The header of the journal in dir, or null when there is none or it is unreadable. */
    public static Header readHeader(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first == null ? null : MAPPER.readValue(first, Header.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Header header() {
        return header;
    }

    /** The batches completed so far, in order. */
    public List<BatchRecord> batches() {
        return List.copyOf(batches);
    }

    public synchronized void append(BatchRecord record) throws IOException {
        if (record.batch() != batches.size()) {
            throw new IllegalStateException("journal expects batch " + batches.size() + ", got " + record.batch());
        }
        appendLine(MAPPER.writeValueAsString(record));
        batches.add(record);
    }

    private void appendLine(String json) throws IOException {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
