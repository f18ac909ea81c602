package org.nlsig.data.source;

import org.nlsig.data.image.PixelImage;
import org.nlsig.data.preprocess.Preprocessing;

/** Turns decoded images into model-input samples: preprocessing plus the channel count the model wants. */
record ImageSampler(Preprocessing preprocessing, int channels) {
    static ImageSampler of(DataOptions options, Preprocessing sourceDefault, int naturalChannels) {
        Preprocessing p = options.preprocessing() != null ? options.preprocessing() : sourceDefault;
        return new ImageSampler(p, options.channels() != 0 ? options.channels() : naturalChannels);
    }

    /** Sample shape for images of one fixed size. */
    long[] shapeFor(int width, int height) {
        int[] out = preprocessing.outputSize(width, height);
        return new long[] {channels, out[1], out[0]};
    }

    Sample toSample(PixelImage image, String id, long label) {
        return Sample.ofFloats(id, preprocessing.toTensor(image, channels), label);
    }
}
