package org.nlsig.signature.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.npy.NpyFile;

/**
 * A site pooled to d = 1 on an axis guessed from its rank is announced among the run's notices, unless the user gave
 * that site's axis.
 */
class SingleFeatureNoticeTest {
    @TempDir
    Path dir;

    private List<String> notices(Map<Integer, Integer> axes) throws IOException {
        // x [N, 6, 1] -> Relu -> Relu: no layer says where the features are, so rank 3 means features last (d = 1)
        Path model = TinyModels.chain(dir, "relus.onnx", new long[] {6, 1}, "Relu", "Relu");
        float[] v = new float[16 * 6];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        Path data = dir.resolve("x.npy");
        NpyFile.writeFloats(data, v, 16, 6, 1);
        List<String> notices = new ArrayList<>();
        SignatureRun.run(SignatureRequest.defaults(model, "npy:" + data, dir.resolve("out" + axes.size()))
                .withBatches(8, 0).withThreads(1).withFeatureAxes(axes), new ProgressListener() {
                    @Override
                    public void notice(String message) {
                        notices.add(message);
                    }
                });
        return notices.stream().filter(n -> n.contains("d = 1")).toList();
    }

    @Test
    void guessedSingleFeaturesAreNoticedUnlessTheirAxisWasGiven() throws IOException {
        assertEquals(List.of("site 0 'op_0' is pooled to d = 1 (axis 2 of [1, 6, 1]): no convolution or linear layer"
                + " makes or reads it, so its feature axis was guessed from its rank; if its features are on axis 1,"
                + " pass --feature-axis 0=1", "site 1 'act' is pooled to d = 1 (axis 2 of [1, 6, 1]): no convolution"
                + " or linear layer makes or reads it, so its feature axis was guessed from its rank; if its features"
                + " are on axis 1, pass --feature-axis 1=1"), notices(Map.of()));
        assertEquals(1, notices(Map.of(0, 1)).size());
    }
}
