package org.nlsig.data.text;

/**
 * What tokenizing a text file did, for signature.json: every non-empty line is a sample.
 *
 * @param lines     lines in the file (records of a .jsonl)
 * @param empty     empty or blank lines, skipped
 * @param truncated samples cut to the maximum length
 * @param maxLength tokens per sample
 * @param tokenizer the tokenizer file, as given
 */
public record TextStatistics(long lines, long empty, long truncated, int maxLength, String tokenizer) {
}
