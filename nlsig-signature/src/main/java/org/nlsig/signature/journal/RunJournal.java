package org.nlsig.signature.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
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
     * clamping, routes, fallbacks). A journal of another version is refused on resume rather than half-read.
     */
    public static final int SCHEMA = 2;

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
     * Reopens the journal in dir to continue its run.
     *
     * @throws IOException if there is no journal, or it belongs to a run with another fingerprint (the message says
     *                     what differs as far as the header tells)
     */
    public static RunJournal resume(Path dir, String fingerprint, String describe) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return null;
        }
        Header old;
        try {
            old = MAPPER.readValue(lines.get(0), Header.class);
        } catch (IOException e) {
            throw new IOException(file + ": unreadable journal header; delete the file to start over", e);
        }
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
        List<BatchRecord> done = new ArrayList<>();
        long validBytes = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1L;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            BatchRecord r;
            try {
                r = MAPPER.readValue(line, BatchRecord.class);
            } catch (IOException e) {
                break; // a torn write from a killed run: everything from here is redone
            }
            if (r.batch() != done.size()) {
                break;
            }
            done.add(r);
            validBytes += line.getBytes(StandardCharsets.UTF_8).length + 1L;
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.truncate(validBytes);
        ch.position(validBytes);
        Header header = new Header(old.fingerprint(), old.describe(), old.started(), old.resumed() + 1);
        return new RunJournal(file, ch, header, done);
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
