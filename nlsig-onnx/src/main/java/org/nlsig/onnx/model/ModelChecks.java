package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks a loaded model must pass before anything computes with it: every declared dimension is
 * non-negative and every tensor's element count fits in a 64-bit integer (a hostile 2^62 x 2^62 tensor would
 * otherwise overflow deep inside shape arithmetic), and the nodes of each graph form no cycle (ONNX Runtime would
 * refuse such a graph only with an unrelated-looking message about unknown shapes).
 */
final class ModelChecks {
    private ModelChecks() {
    }

    static void check(ModelProto model, Path file) throws OnnxFormatException {
        checkGraph(model.getGraph(), file, "the main graph");
        for (ai.onnx.proto.OnnxMl.FunctionProto f : model.getFunctionsList()) {
            for (NodeProto n : f.getNodeList()) {
                checkNode(n, file, "function '" + f.getName() + "'");
            }
        }
    }

    private static void checkGraph(GraphProto g, Path file, String where) throws OnnxFormatException {
        String in = g.getName().isEmpty() ? where : "graph '" + g.getName() + "'";
        for (TensorProto t : g.getInitializerList()) {
            tensorDims(t, file, "initializer '" + t.getName() + "' of " + in);
        }
        for (SparseTensorProto s : g.getSparseInitializerList()) {
            sparse(s, file, "sparse initializer of " + in);
        }
        for (List<ValueInfoProto> infos : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
            for (ValueInfoProto vi : infos) {
                declaredDims(vi, file, in);
            }
        }
        for (NodeProto n : g.getNodeList()) {
            checkNode(n, file, in);
        }
        acyclic(g, file, in);
    }

    private static void checkNode(NodeProto n, Path file, String where) throws OnnxFormatException {
        String node = "node '" + (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "' in " + where;
        for (AttributeProto a : n.getAttributeList()) {
            String what = "attribute '" + a.getName() + "' of " + node;
            if (a.hasT()) {
                tensorDims(a.getT(), file, "tensor '" + a.getT().getName() + "' (" + what + ")");
            }
            for (TensorProto t : a.getTensorsList()) {
                tensorDims(t, file, "tensor '" + t.getName() + "' (" + what + ")");
            }
            if (a.hasSparseTensor()) {
                sparse(a.getSparseTensor(), file, what);
            }
            for (SparseTensorProto s : a.getSparseTensorsList()) {
                sparse(s, file, what);
            }
            if (a.hasG()) {
                checkGraph(a.getG(), file, "subgraph '" + a.getName() + "' of " + node);
            }
            for (GraphProto g : a.getGraphsList()) {
                checkGraph(g, file, "subgraph '" + a.getName() + "' of " + node);
            }
        }
    }

    private static void sparse(SparseTensorProto s, Path file, String where) throws OnnxFormatException {
        List<Long> dims = s.getDimsList();
        elementCount(dims, file, "sparse tensor '" + s.getValues().getName() + "' (" + where + ")");
        if (s.hasValues()) {
            tensorDims(s.getValues(), file, "values '" + s.getValues().getName() + "' of the sparse tensor in " + where);
        }
        if (s.hasIndices()) {
            tensorDims(s.getIndices(), file, "indices of the sparse tensor in " + where);
        }
    }

    private static void tensorDims(TensorProto t, Path file, String what) throws OnnxFormatException {
        elementCount(t.getDimsList(), file, what.startsWith("tensor") || what.startsWith("values")
                || what.startsWith("indices") ? what : "tensor " + what);
    }

    private static void declaredDims(ValueInfoProto vi, Path file, String where) throws OnnxFormatException {
        TypeProto type = vi.getType();
        if (!type.hasTensorType() || !type.getTensorType().hasShape()) {
            return;
        }
        List<Long> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : type.getTensorType().getShape().getDimList()) {
            if (d.hasDimValue()) {
                dims.add(d.getDimValue());
            }
        }
        elementCount(dims, file, "tensor '" + vi.getName() + "' (declared in " + where + ")");
    }

    private static void elementCount(List<Long> dims, Path file, String what) throws OnnxFormatException {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new OnnxFormatException(file + ": " + what + " declares the dimension " + d + " in its shape "
                        + dims + "; dimensions cannot be negative");
            }
            long high = Math.multiplyHigh(count, d);
            long product = count * d;
            if (high != 0 || product < 0) {
                throw new OnnxFormatException(file + ": " + what + " declares the shape " + dims + ", more than "
                        + Long.MAX_VALUE + " elements; refused");
            }
            count = product;
        }
    }

    /**
     * Kahn's algorithm over the nodes of one graph. A node also depends on the outer-scope values its subgraphs
     * read. Names no node of this graph produces (inputs, initializers, outer scope) are available from the start.
     */
    private static void acyclic(GraphProto g, Path file, String where) throws OnnxFormatException {
        List<NodeProto> nodes = g.getNodeList();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.putIfAbsent(out, i);
                }
            }
        }
        List<Set<Integer>> preds = new ArrayList<>();
        List<List<Integer>> succs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            succs.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> p = new HashSet<>();
            for (String in : reads(nodes.get(i))) {
                Integer j = producer.get(in);
                if (j != null) {
                    p.add(j);
                }
            }
            preds.add(p);
            for (int j : p) {
                succs.get(j).add(i);
            }
        }
        int[] missing = new int[nodes.size()];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            missing[i] = preds.get(i).size();
            if (missing[i] == 0) {
                ready.add(i);
            }
        }
        int done = 0;
        boolean[] finished = new boolean[nodes.size()];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            finished[i] = true;
            done++;
            for (int k : succs.get(i)) {
                if (--missing[k] == 0) {
                    ready.add(k);
                }
            }
        }
        if (done == nodes.size()) {
            return;
        }
        // Walk back through unfinished predecessors until a node repeats: that node lies on a cycle.
        int start = 0;
        while (finished[start]) {
            start++;
        }
        Set<Integer> seen = new HashSet<>();
        int at = start;
        while (seen.add(at)) {
            for (int p : preds.get(at)) {
                if (!finished[p]) {
                    at = p;
                    break;
                }
            }
        }
        NodeProto n = nodes.get(at);
        String name = n.getName().isEmpty() ? n.getOpType() + " #" + at : n.getName();
        throw new OnnxFormatException(file + ": the graph has a cycle through node '" + name + "' (" + n.getOpType()
                + ", in " + where + "): a node's input depends on its own output; ONNX graphs must be acyclic");
    }

    /** The values a node reads: its inputs and what its subgraphs take from the enclosing scope. */
    private static Set<String> reads(NodeProto n) {
        Set<String> out = new HashSet<>();
        for (String in : n.getInputList()) {
            if (!in.isEmpty()) {
                out.add(in);
            }
        }
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasG()) {
                out.addAll(outerReads(a.getG()));
            }
            a.getGraphsList().forEach(g -> out.addAll(outerReads(g)));
        }
        return out;
    }

    private static Set<String> outerReads(GraphProto g) {
        Set<String> local = new HashSet<>();
        g.getInputList().forEach(vi -> local.add(vi.getName()));
        g.getInitializerList().forEach(t -> local.add(t.getName()));
        g.getSparseInitializerList().forEach(s -> local.add(s.getValues().getName()));
        g.getNodeList().forEach(n -> local.addAll(n.getOutputList()));
        Set<String> out = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            for (String r : reads(n)) {
                if (!local.contains(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
