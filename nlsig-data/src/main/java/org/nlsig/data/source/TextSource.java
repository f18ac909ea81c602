package org.nlsig.data.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nlsig.data.text.TextStatistics;
import org.nlsig.data.text.TokenizedText;
import org.nlsig.data.text.TokenizerFile;
import org.nlsig.data.text.TokenizerOptions;
import org.nlsig.io.UserInputException;

/**
 * Texts, one per line (or one field of each line of a .jsonl file), through a Hugging Face tokenizer: each non-empty
 * line is a sample of three int64 fields of the tokenizer's fixed length, {@code input_ids}, {@code attention_mask}
 * and {@code token_type_ids} (the last fed only to models that take it). The file is tokenized once, when opened,
 * in the Rust library's batch mode, so that the counts of empty and truncated lines cover the whole file.
 */
public final class TextSource implements DataSource {
    /** The field names, as Hugging Face's exporters name the inputs. */
    public static final String IDS = "input_ids";
    public static final String MASK = "attention_mask";
    public static final String TYPES = "token_type_ids";
    private static final int ENCODE_CHUNK = 1024;

    private final Path file;
    private final List<TokenizedText> samples;
    private final List<Long> lineNumbers;
    private final TextStatistics statistics;
    private final List<TensorField> fields;

    private TextSource(Path file, List<TokenizedText> samples, List<Long> lineNumbers, TextStatistics statistics) {
        this.file = file;
        this.samples = samples;
        this.lineNumbers = lineNumbers;
        this.statistics = statistics;
        long[] shape = {statistics.maxLength()};
        this.fields = List.of(TensorField.named(IDS, ElementType.INT64, shape),
                TensorField.named(MASK, ElementType.INT64, shape), TensorField.optional(TYPES, ElementType.INT64, shape));
    }

    public static TextSource open(Path file, Optional<String> jsonField, DataOptions options) throws IOException {
        if (options.preprocessing() != null) {
            throw new UserInputException("text: preprocessing presets apply to image sources only (drop --preset/"
                    + "--resize/--crop)");
        }
        TokenizerOptions t = options.tokenizer();
        if (t == null) {
            throw new UserInputException("text data needs a tokenizer: add --tokenizer tokenizer.json (the model's"
                    + " Hugging Face tokenizer file) and optionally --max-length L");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(file + ": is a directory, not a text file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such text file");
        }
        List<String> texts = new ArrayList<>();
        List<Long> lineNumbers = new ArrayList<>();
        long lines = 0;
        long empty = 0;
        ObjectMapper json = jsonField.isPresent() ? new ObjectMapper() : null;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                decoder))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                String text = json == null ? line : field(json, line, jsonField.get(), file, lines);
                if (text.isBlank()) {
                    empty++;
                    continue;
                }
                texts.add(text);
                lineNumbers.add(lines);
            }
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": line " + (lines + 1) + " is not UTF-8 text");
        }
        if (texts.isEmpty()) {
            throw new UserInputException(file + ": no text: " + (lines == 0 ? "the file is empty"
                    : "all " + lines + " lines are empty"));
        }
        List<TokenizedText> samples = new ArrayList<>(texts.size());
        try (TokenizerFile tokenizer = TokenizerFile.open(t)) {
            for (int from = 0; from < texts.size(); from += ENCODE_CHUNK) {
                samples.addAll(tokenizer.encode(texts.subList(from, Math.min(texts.size(), from + ENCODE_CHUNK))));
            }
        }
        long truncated = samples.stream().filter(TokenizedText::truncated).count();
        return new TextSource(file, List.copyOf(samples), List.copyOf(lineNumbers),
                new TextStatistics(lines, empty, truncated, t.maxLength(), t.file().toString()));
    }

    private static String field(ObjectMapper json, String line, String name, Path file, long number) {
        if (line.isBlank()) {
            return "";
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UserInputException(file + ": line " + number + " is not a JSON object ("
                    + e.getOriginalMessage() + ")");
        }
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || !value.isTextual()) {
            throw new UserInputException(file + ": line " + number + " has no text field '" + name + "'"
                    + (node != null && node.isObject() ? "; its fields are " + iterable(node) : ""));
        }
        return value.asText();
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** How the file was tokenized: lines, empty and truncated ones. */
    public TextStatistics statistics() {
        return statistics;
    }

    @Override
    public Optional<TextStatistics> textStatistics() {
        return Optional.of(statistics);
    }

    @Override
    public List<TensorField> fields() {
        return fields;
    }

    @Override
    public long[] sampleShape() {
        return new long[] {statistics.maxLength()};
    }

    @Override
    public ElementType elementType() {
        return ElementType.INT64;
    }

    @Override
    public long size() {
        return samples.size();
    }

    @Override
    public boolean hasLabels() {
        return false;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public String description() {
        return "text " + file + " (" + samples.size() + " non-empty lines of " + statistics.lines() + ", tokenized by "
                + statistics.tokenizer() + " to " + statistics.maxLength() + " tokens, " + statistics.truncated()
                + " truncated)";
    }

    @Override
    public Sample read(long index) {
        TokenizedText t = samples.get(Math.toIntExact(index));
        return new Sample(file.getFileName() + ":" + lineNumbers.get((int) index), List.of(
                new Sample.Longs(t.ids().clone()), new Sample.Longs(t.mask().clone()),
                new Sample.Longs(t.typeIds().clone())), Sample.NO_LABEL);
    }
}
