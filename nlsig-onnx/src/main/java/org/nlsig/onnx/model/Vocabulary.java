package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The vocabulary size of a token-id input: the rows of the embedding table it indexes, found as the Gather whose
 * indices are the input (directly, or through Cast / Identity) and whose data is a constant of rank 2. An id at or
 * beyond it would make ONNX Runtime fail deep inside the run (or read another row, on some providers).
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** The embedding rows {@code input} indexes, or empty when the model feeds it to no embedding table. */
    public static OptionalLong size(OnnxModel model, String input) {
        Graph g = model.graph();
        return size(g, input, 0);
    }

    private static OptionalLong size(Graph g, String tensor, int depth) {
        if (depth > 4) {
            return OptionalLong.empty();
        }
        long best = -1;
        for (NodeProto n : g.consumers(tensor)) {
            String op = n.getOpType();
            if (op.equals("Gather") && n.getInputCount() == 2 && n.getInput(1).equals(tensor)) {
                Optional<List<Long>> dims = g.constantDims(n.getInput(0));
                if (dims.isPresent() && dims.get().size() == 2) {
                    best = best < 0 ? dims.get().get(0) : Math.min(best, dims.get().get(0));
                }
            } else if (op.equals("Cast") || op.equals("Identity")) {
                OptionalLong inner = size(g, n.getOutput(0), depth + 1);
                if (inner.isPresent()) {
                    best = best < 0 ? inner.getAsLong() : Math.min(best, inner.getAsLong());
                }
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }
}
