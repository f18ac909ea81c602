package org.nlsig.signature.study;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.source.DataOptions;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.Device;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.result.MetricName;

/**
 * One run of a study, as typed values from one row of STUDY.csv ({@link StudyCsv}). Paths are absolute (resolved
 * against the CSV's folder) and kept as text, and every part is serialisable, so a row can travel to the machines
 * that score its batches (nlsig-spark) and become the same {@link SignatureRequest} there.
 *
 * @param line       the row's line in STUDY.csv (for messages)
 * @param name       the run's name: unique, and the name of its folder {@code runs/NAME}
 * @param model      the ONNX file, absolute
 * @param data       the data spec, its paths made absolute
 * @param preset     a preprocessing preset, or null
 * @param mean       per-channel mean, or null for the preset's
 * @param std        per-channel std, or null for the preset's
 * @param batchSize  samples per batch
 * @param batches    batches to use, 0 for all
 * @param pooling    the pooling mode
 * @param metrics    metrics besides the affinity score
 * @param shuffle    the seed of the sample order, or null for the data's own order
 * @param facts      what the row says about the run besides how to compute it
 */
public record StudyRow(int line, String name, String model, String data, String preset, List<Float> mean,
        List<Float> std, int batchSize, int batches, PoolingMode pooling, List<MetricName> metrics, Long shuffle,
        Facts facts) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StudyRow {
        mean = mean == null ? null : List.copyOf(mean);
        std = std == null ? null : List.copyOf(std);
        metrics = List.copyOf(metrics);
    }

    /**
     * The descriptive columns: they do not change the result, only how the report groups and labels it.
     *
     * @param family     the model's family (resnet, vit, ...), or null
     * @param year       the architecture's year, or null
     * @param accuracy   a known top-1 accuracy in [0, 1], or null
     * @param group      runs of one architecture across datasets, seeds or checkpoints share a group; or null
     * @param checkpoint which checkpoint of the model (an epoch, a step), or null
     * @param dataset    the dataset's name for the report, or null
     */
    public record Facts(String family, Integer year, Double accuracy, String group, String checkpoint,
            String dataset) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The signature request of this run, writing into {@code out} with {@code threads} threads on the CPU. */
    public SignatureRequest request(Path out, int threads) {
        DataOptions options = DataOptions.defaults().withPreprocessing(
                Presets.resolve(preset, null, null, null, floats(mean), floats(std)));
        return new SignatureRequest(Path.of(model),
                new SignatureRequest.DataSelection(data, options, BadFilePolicy.FAIL, batchSize, batches, shuffle),
                new SignatureRequest.Scoring(pooling, Map.of(), CovarianceEstimator.ledoitWolf(), metrics, false),
                new SignatureRequest.Execution(threads, Device.CPU), new SignatureRequest.Output(out, false));
    }

    private static float[] floats(List<Float> values) {
        if (values == null) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
