package org.nlsig.signature.result;

import java.util.List;
import java.util.Map;

/**
 * The data a signature was computed on.
 *
 * @param spec         the data spec as given ({@code imagefolder:/data/val})
 * @param description  what the source says it is (kind, location, preprocessing)
 * @param samplesUsed  samples that went through the model (complete batches)
 * @param batches      number of batches
 * @param skippedFiles unreadable files skipped under {@code --on-bad-file skip}, with reasons
 * @param inputs       the model inputs the data fed, by name (several for .npz and text data)
 * @param tokenMask    the input whose mask pooled the token tensors, or null when nothing was masked
 * @param text         how text data was tokenized, or null for other data
 * @param tokensPerBatch real tokens drawn per batch as the token sites' samples ({@code --tokens}); 0 when each
 *                     sequence was one sample
 * @param otherInputs  the model inputs the data does not give, each with how it was fed ({@code --input} values,
 *                     standard fills such as attention_mask = ones)
 */
public record DataInfo(String spec, String description, long samplesUsed, int batches, List<SkippedFile> skippedFiles,
        List<String> inputs, String tokenMask, TextInfo text, int tokensPerBatch, Map<String, String> otherInputs) {

    public DataInfo {
        skippedFiles = List.copyOf(skippedFiles);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        otherInputs = otherInputs == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(otherInputs));
    }

    public DataInfo(String spec, String description, long samplesUsed, int batches, List<SkippedFile> skippedFiles) {
        this(spec, description, samplesUsed, batches, skippedFiles, List.of(), null, null, 0, Map.of());
    }

    /** A sample that could not be read. */
    public record SkippedFile(String id, String reason) {
    }

    /**
     * Text data through a tokenizer: every non-empty line is a sample.
     *
     * @param lines     lines in the file
     * @param empty     empty lines, skipped
     * @param truncated samples cut to the maximum length
     * @param maxLength tokens per sample
     * @param tokenizer the tokenizer file
     */
    public record TextInfo(long lines, long empty, long truncated, int maxLength, String tokenizer) {
    }
}
