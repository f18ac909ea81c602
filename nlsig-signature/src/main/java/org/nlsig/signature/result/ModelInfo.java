package org.nlsig.signature.result;

/**
 * The model a signature was computed on.
 *
 * @param path                path as given
 * @param name                a short name (the file name without .onnx) used in comparisons
 * @param sha256              hash of the model file, so a result can be traced to the exact weights
 * @param externalDataSha256  hash of the external data files holding a large model's weights; null when the weights
 *                            are inside the model file
 * @param parameters          number of parameters (initializer elements)
 * @param macsPerSample       multiply-accumulates of one forward pass of one sample, estimated from the graph
 * @param nodes               number of graph nodes
 * @param opset               the default-domain opset
 */
public record ModelInfo(String path, String name, String sha256, String externalDataSha256, long parameters, long macsPerSample, int nodes,
        int opset) {
}
