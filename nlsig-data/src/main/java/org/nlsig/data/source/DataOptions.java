package org.nlsig.data.source;

import java.net.URI;
import java.nio.file.Path;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.text.TokenizerOptions;
import org.nlsig.io.Limits;
import org.nlsig.io.UserInputException;

/**
 * How to turn a data spec into model inputs.
 *
 * @param preprocessing for image sources; null = the source's default (imagenet for image folders, raw for CIFAR and
 *                      MNIST); must be null for npy and random sources, whose values are used as they are
 * @param layout        axis order of rank-4 .npy inputs
 * @param channels      channels the model wants (1 or 3; 0 = the source's own: 3 for colour, 1 for MNIST)
 * @param cacheDir      where named datasets are downloaded and archives unpacked
 * @param mirror        null, or a base URL to fetch named datasets' files from instead of their official URLs
 * @param maxPixels     the most pixels (width x height) an image may have, read from its header before decoding
 * @param tokenizer     for text data: the tokenizer file and the tokens per sample; null otherwise
 */
public record DataOptions(Preprocessing preprocessing, Layout layout, int channels, Path cacheDir, URI mirror,
                          long maxPixels, TokenizerOptions tokenizer) {
    public DataOptions {
        if (maxPixels <= 0) {
            throw new UserInputException("the pixel limit of images must be positive, got " + maxPixels);
        }
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new UserInputException("channels must be 1 or 3, got " + channels);
        }
        if (layout == null) {
            layout = Layout.NCHW;
        }
        if (cacheDir == null) {
            cacheDir = defaultCacheDir();
        }
    }

    /** Options with the default pixel limit, {@link Limits#DEFAULT_MAX_PIXELS}. */
    public DataOptions(Preprocessing preprocessing, Layout layout, int channels, Path cacheDir, URI mirror) {
        this(preprocessing, layout, channels, cacheDir, mirror, Limits.DEFAULT_MAX_PIXELS, null);
    }

    /** Defaults: source-chosen preprocessing, NCHW, natural channels, ~/.cache/nlsig, official URLs. */
    public static DataOptions defaults() {
        return new DataOptions(null, Layout.NCHW, 0, null, null);
    }

    public DataOptions withPreprocessing(Preprocessing p) {
        return new DataOptions(p, layout, channels, cacheDir, mirror, maxPixels, tokenizer);
    }

    public DataOptions withLayout(Layout l) {
        return new DataOptions(preprocessing, l, channels, cacheDir, mirror, maxPixels, tokenizer);
    }

    public DataOptions withChannels(int c) {
        return new DataOptions(preprocessing, layout, c, cacheDir, mirror, maxPixels, tokenizer);
    }

    public DataOptions withCacheDir(Path dir) {
        return new DataOptions(preprocessing, layout, channels, dir, mirror, maxPixels, tokenizer);
    }

    public DataOptions withMirror(URI m) {
        return new DataOptions(preprocessing, layout, channels, cacheDir, m, maxPixels, tokenizer);
    }

    public DataOptions withMaxPixels(long n) {
        return new DataOptions(preprocessing, layout, channels, cacheDir, mirror, n, tokenizer);
    }

    public DataOptions withTokenizer(TokenizerOptions t) {
        return new DataOptions(preprocessing, layout, channels, cacheDir, mirror, maxPixels, t);
    }

    /** $NLSIG_CACHE, else $XDG_CACHE_HOME/nlsig, else ~/.cache/nlsig. */
    public static Path defaultCacheDir() {
        String own = System.getenv("NLSIG_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "nlsig");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "nlsig");
    }
}
