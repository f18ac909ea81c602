package org.nlsig.data.text;

import java.nio.file.Path;
import java.util.Objects;
import org.nlsig.io.UserInputException;

/**
 * How text data becomes tokens.
 *
 * @param file      the Hugging Face tokenizer.json ({@code --tokenizer})
 * @param maxLength tokens per sample: longer texts are truncated, shorter ones padded ({@code --max-length})
 */
public record TokenizerOptions(Path file, int maxLength) {
    /** The default --max-length: BERT-style encoders are commonly run at 128 tokens. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    public TokenizerOptions {
        Objects.requireNonNull(file, "file");
        if (maxLength < 1) {
            throw new UserInputException("--max-length must be at least 1, got " + maxLength);
        }
    }
}
