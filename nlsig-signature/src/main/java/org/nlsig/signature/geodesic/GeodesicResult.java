package org.nlsig.signature.geodesic;

import java.util.List;
import org.nlsig.math.geodesic.Distribution;

/**
 * The geodesic metrics of one model on one data set ({@code geodesic.json}, schema {@value #SCHEMA}).
 *
 * @param schema     {@value #SCHEMA}
 * @param model      the model file and its SHA-256
 * @param data       the data spec as given and what the source says it is
 * @param config     the options the run used
 * @param track      how the track was found and its tensors
 * @param samples    m, the samples measured
 * @param sampleIds  where each sample came from (file#record, relative path), sample order
 * @param whole      both metrics over the whole track; null when its shape changes (then see segments)
 * @param segments   with {@code segments}: one entry per run of consecutive tensors of equal shape (at least two)
 * @param projection the first few tracks in the plane of their two principal components: the whole track, or one
 *                   projection per segment when the shape changes
 */
public record GeodesicResult(String schema, ModelRef model, DataRef data, Config config, TrackRef track, int samples,
                             List<String> sampleIds, Scores whole, List<Scores> segments,
                             List<Projection> projection) {
    public static final String SCHEMA = "nlsig.geodesic/1";

    public GeodesicResult {
        sampleIds = List.copyOf(sampleIds);
        segments = List.copyOf(segments);
        projection = List.copyOf(projection);
    }

    public record ModelRef(String path, String sha256) {
    }

    public record DataRef(String spec, String description) {
    }

    /** The run's options, as written to the result. */
    public record Config(String track, int samples, String pooling, boolean flatten, boolean segments, int batchSize,
                         int projectedTracks) {
    }

    /**
     * @param source  {@code auto (residual stream)}, {@code names} or {@code regex '...'}
     * @param tensors the positions x(0) ... x(L)
     */
    public record TrackRef(String source, List<TensorRef> tensors) {
        public TrackRef {
            tensors = List.copyOf(tensors);
        }
    }

    /**
     * @param name  tensor name in the graph
     * @param shape its shape as inferred at batch 1 (-1: known only at run time)
     * @param width the length of the vector it becomes (pooled or flattened)
     */
    public record TensorRef(String name, List<Long> shape, int width) {
    }

    /**
     * Both metrics over positions {@code from..to} of the track.
     *
     * @param tensors    the tensors of these positions
     * @param lssSummary the distribution of the per-sample LSS (mean, std, quantiles; infinite ones counted)
     * @param lss        the line-shape score of every sample (null for an infinite score in JSON)
     * @param ots        the optimal-transport score between positions from and to
     */
    public record Scores(int from, int to, List<String> tensors, Distribution lssSummary, List<Double> lss,
                        Ots ots) {
        public Scores {
            tensors = List.copyOf(tensors);
            lss = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lss));
        }
    }

    /**
     * @param score       matched / samples
     * @param matched     samples the optimal assignment leaves where the network sent them
     * @param samples     m
     * @param optimalCost the optimal assignment's total squared distance
     * @param networkCost the network's own pairing's total squared distance
     */
    public record Ots(double score, int matched, int samples, double optimalCost, double networkCost) {
    }

    /**
     * @param from           first position projected
     * @param to             last position projected
     * @param samples        the samples whose tracks are drawn
     * @param explainedRatio share of the points' variance along each axis
     * @param tracks         per sample, its points {x, y} in position order
     */
    public record Projection(int from, int to, List<Integer> samples, List<Double> explainedRatio,
                             List<List<List<Double>>> tracks) {
        public Projection {
            samples = List.copyOf(samples);
            explainedRatio = List.copyOf(explainedRatio);
            tracks = List.copyOf(tracks);
        }
    }
}
