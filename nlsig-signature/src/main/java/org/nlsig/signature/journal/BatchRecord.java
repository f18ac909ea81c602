package org.nlsig.signature.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nlsig.signature.result.BatchScoring;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.MetricName;

/**
 * Everything one batch contributed to a signature; journalled as one line so an interrupted run can resume.
 *
 * @param batch      batch index, from 0
 * @param samples    samples in the batch
 * @param affinity   per site (in site order) the affinity score, or null when it could not be computed
 * @param metrics    per metric, per site the value or null
 * @param pooledDims per site the width d of its pooled matrices
 * @param top1       samples whose label was the top class (0 without labels)
 * @param top5       samples whose label was among the top five
 * @param labelled   samples with a label that counted for accuracy
 * @param skipped    unreadable samples skipped while assembling this batch
 * @param warnings   problems met (non-finite activations), each naming the site and batch
 * @param scoring    per site how its affinity score was reached, or null where it could not be computed
 * @param inputSha256 the SHA-256 of the batch as fed to the model (shape, values, labels): a resume re-reads the
 *                   finished batches and refuses data whose bytes changed
 */
public record BatchRecord(int batch, int samples, List<Double> affinity, Map<MetricName, List<Double>> metrics,
        List<Integer> pooledDims, long top1, long top5, long labelled, List<DataInfo.SkippedFile> skipped, List<String> warnings,
        List<BatchScoring> scoring, String inputSha256) {

    public BatchRecord {
        affinity = Collections.unmodifiableList(new ArrayList<>(affinity));
        Map<MetricName, List<Double>> m = new LinkedHashMap<>();
        metrics.forEach((k, v) -> m.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        metrics = Collections.unmodifiableMap(m);
        pooledDims = List.copyOf(pooledDims);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
        scoring = Collections.unmodifiableList(new ArrayList<>(scoring));
    }
}
