package org.nlsig.signature.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One activation site's part of a signature.
 *
 * @param index       position in execution (topological) order, from 0
 * @param name        readable name from the exporter's scopes ({@code layer1.0.relu})
 * @param kind        activation kind ({@code relu}, {@code gelu}, {@code silu}, ...)
 * @param op          the ONNX op type(s) the site spans ({@code Relu}, {@code Mul+Sigmoid}, ...)
 * @param input       the tensor feeding the activation
 * @param output      the tensor it produces
 * @param shape       the activation tensor's shape as seen in the run (batch axis first), or null if unknown
 * @param featureAxis the axis kept by channel pooling
 * @param pooledDim   d, the width of the pooled matrices
 * @param affinity    the affinity score per batch
 * @param metrics     comparison metrics per batch, by name ({@code cka}, {@code norm}, {@code r2}, {@code entropy}
 *                    (after minus before), {@code sparsity} (after minus before)), in the order they were asked for
 * @param scoring     how the affinity scores were reached: constant outputs, clamped scores, routes, fallbacks (null
 *                    in signatures written before nlsig recorded it)
 */
public record SiteResult(int index, String name, String kind, String op, String input, String output,
        List<Long> shape, int featureAxis, int pooledDim, Statistic affinity, Map<String, Statistic> metrics,
        SiteScoring scoring) {

    public SiteResult {
        shape = shape == null ? null : List.copyOf(shape);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
