package org.nlsig.data.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.nlsig.io.UserInputException;

/**
 * A Hugging Face {@code tokenizer.json}, run by the maintained Rust tokenizers library through DJL's binding
 * (its native library ships inside the jar, so this works offline). Every text becomes exactly {@code maxLength}
 * tokens: truncated, then padded by the tokenizer's own padding token, with the attention mask marking real tokens.
 */
public final class TokenizerFile implements AutoCloseable {
    static {
        // DJL reports usage to a telemetry endpoint when a tokenizer is created, unless this is set; nlsig runs
        // offline and sends nothing anywhere. A system property is the only switch DJL reads besides the environment.
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final Path file;
    private final int maxLength;
    private final HuggingFaceTokenizer tokenizer;

    private TokenizerFile(Path file, int maxLength, HuggingFaceTokenizer tokenizer) {
        this.file = file;
        this.maxLength = maxLength;
        this.tokenizer = tokenizer;
    }

    /**
     * Opens a tokenizer file.
     *
     * @throws UserInputException when the file is missing or is not a tokenizer the library can read
     */
    public static TokenizerFile open(TokenizerOptions options) throws IOException {
        Path file = options.file();
        int maxLength = options.maxLength();
        if (Files.isDirectory(file)) {
            throw new UserInputException("--tokenizer " + file + ": is a directory; give the tokenizer.json file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such tokenizer file (--tokenizer)");
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(true)
                    .optTruncation(true).optPadToMaxLength().optMaxLength(maxLength).build();
            return new TokenizerFile(file, maxLength, t);
        } catch (RuntimeException e) {
            // the Rust library reports a malformed file as a RuntimeException carrying serde's message
            throw new UserInputException("--tokenizer " + file + ": not a Hugging Face tokenizer.json ("
                    + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The tokens of a batch of texts, each exactly {@link #maxLength()} long. */
    public List<TokenizedText> encode(List<String> texts) {
        Encoding[] encodings;
        synchronized (this) { // one native handle: calls are serialised rather than trusting its thread safety
            encodings = tokenizer.batchEncode(texts);
        }
        return java.util.Arrays.stream(encodings).map(e -> new TokenizedText(e.getIds(), e.getAttentionMask(),
                e.getTypeIds(), e.exceedMaxLength())).toList();
    }

    @Override
    public synchronized void close() {
        tokenizer.close();
    }
}
