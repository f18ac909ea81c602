package org.nlsig.data.text;

/**
 * One text as tokens, padded to the tokenizer's fixed length.
 *
 * @param ids       token ids
 * @param mask      1 for a real token, 0 for padding
 * @param typeIds   segment ids (all 0 for a single text)
 * @param truncated whether the text had more tokens than the length and lost its tail
 */
public record TokenizedText(long[] ids, long[] mask, long[] typeIds, boolean truncated) {
    public TokenizedText {
        if (ids.length != mask.length || ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids, mask and type ids differ in length");
        }
    }

    /** Real (non-padding) tokens. */
    public int tokens() {
        int n = 0;
        for (long m : mask) {
            n += m != 0 ? 1 : 0;
        }
        return n;
    }
}
