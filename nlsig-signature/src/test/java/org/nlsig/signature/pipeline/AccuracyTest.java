package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nlsig.onnx.runtime.ModelOutput;

/** Top-1/top-5 counts: ties by class index, and NaN class scores never count as hits. */
class AccuracyTest {
    @Test
    void nonFiniteClassScoresAreLeftOutNotCountedAsHits() {
        float nan = Float.NaN;
        // 3 samples x 3 classes: a clear hit, a row of NaN (every comparison false: it looked like a hit), a miss
        float[] v = {0.1f, 0.9f, 0.0f, nan, nan, nan, 0.8f, 0.1f, Float.POSITIVE_INFINITY};
        long[] labels = {1, 0, 1};
        long[] acc = BatchScorer.accuracy(new ModelOutput("logits", v, new long[] {3, 3}), labels);
        assertArrayEquals(new long[] {1, 1, 1, 2}, acc, "top1, top5, counted, non-finite");
    }

    @Test
    void tiesGoToTheFirstClassAsArgmaxDoes() {
        float[] v = {0.5f, 0.5f, 0.5f, 0.5f};
        long[] acc = BatchScorer.accuracy(new ModelOutput("logits", v, new long[] {2, 2}), new long[] {0, 1});
        assertArrayEquals(new long[] {1, 2, 2, 0}, acc);
    }
}
