package org.nlsig.onnx.pooling;

import java.util.Objects;

/**
 * The attention mask of token data: sites on token tensors [batch, tokens, features] are pooled to the mean over
 * the tokens whose mask is 1, so padding never enters a sample (docs/method.md section 3). The mask is a model input
 * (int64 or bool [batch, tokens]), referenced by the capture graph where the model feeds it.
 *
 * @param input  the model input holding the mask ({@code attention_mask} unless {@code --mask NAME})
 * @param tokens  the token axis' length in this run (the data's sequence length); a rank-3 site whose axis 1 has
 *                this length is a token tensor
 * @param sampled tokens drawn per batch as samples ({@code --tokens N}); 0 pools each sequence to one sample
 */
public record TokenMask(String input, long tokens, int sampled) {
    /** The graph input that carries the drawn tokens' flat positions (batch row x tokens + token), int64 [N]. */
    public static final String SAMPLED_ROWS = GraphRewriter.PREFIX + "token_rows";

    /**
     * Whether this mask pools a tensor of the given rank, feature axis and axis-1 length under {@code mode}: channel
     * pooling of a token tensor [batch, tokens, features] whose axis 1 has the mask's token count. The official
     * code's rule ({@link PoolingMode#REFERENCE}) never masks: it averages every token, padding included. The one
     * rule for activation sites ({@link SitePooling#of}) and track tensors.
     */
    public boolean pools(PoolingMode mode, int rank, int featureAxis, long axis1) {
        return mode == PoolingMode.CHANNELS && rank == 3 && featureAxis == 2 && axis1 == tokens;
    }

    public TokenMask(String input, long tokens) {
        this(input, tokens, 0);
    }

    public TokenMask {
        Objects.requireNonNull(input, "input");
        if (tokens < 1) {
            throw new IllegalArgumentException("a token mask needs a positive token count, got " + tokens);
        }
        if (sampled < 0) {
            throw new IllegalArgumentException("--tokens must be positive, got " + sampled);
        }
    }
}
