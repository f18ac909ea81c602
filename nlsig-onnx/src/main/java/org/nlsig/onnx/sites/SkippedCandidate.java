package org.nlsig.onnx.sites;

/**
 * A node that computes an activation but is not measured, and why (inside a subgraph or function, a non-float
 * element type, softmax).
 *
 * @param nodeName the node's name (or a description of it when unnamed)
 * @param opType   its operator type
 * @param where    "main graph", or the subgraph / function path that holds it
 * @param reason   why it is not a site
 */
public record SkippedCandidate(String nodeName, String opType, String where, String reason) {
}
