package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inlines the branch an If node takes when its condition is fixed for the run: a constant, or computed from
 * initializers and inputs given a fixed value with {@code --input} (silero VAD's {@code If(sr == 16000)}, a merged
 * decoder's {@code If(use_cache_branch)}). The branch's nodes replace the If in the main graph, so that its
 * activations become sites and are pooled like any other; without this, a model whose whole network sits in a branch
 * has no sites.
 *
 * <p>Names the branch defines are prefixed with the If node's name as a scope ({@code If_0/x}); node names become
 * {@code /If_0/...}, so site names keep the branch's scope. Names from the enclosing graph are kept. The branch's
 * outputs become the If's outputs. Ifs nested in an inlined branch are inlined in turn when their condition is fixed.
 */
public final class IfInlining {
    /** A guard against a malformed graph that keeps producing Ifs. */
    private static final int MAX_INLINED = 10_000;

    private IfInlining() {
    }

    /**
     * The model with every If of fixed condition inlined; {@code fedInputs} are the inputs whose value is fixed for
     * the run (see {@code ModelFeed.constants}). {@link OnnxModel#ifChoices()} of the result says what was done.
     */
    public static OnnxModel inline(OnnxModel model, Map<String, ConstantTensor> fedInputs) {
        GraphProto main = model.proto().getGraph();
        List<IfChoice> choices = new ArrayList<>();
        for (int round = 0; round < MAX_INLINED; round++) {
            ConditionEvaluator evaluator = new ConditionEvaluator(main, fedInputs, model.opset());
            int index = -1;
            ConditionEvaluator.Known condition = null;
            for (int i = 0; i < main.getNodeCount() && index < 0; i++) {
                NodeProto n = main.getNode(i);
                if (isIf(n) && evaluator.evaluate(n.getInput(0)) instanceof ConditionEvaluator.Known k
                        && k.value().values().length == 1) {
                    index = i;
                    condition = k;
                }
            }
            if (index < 0) {
                for (NodeProto n : main.getNodeList()) {
                    if (isIf(n)) {
                        ConditionEvaluator.Result r = evaluator.evaluate(n.getInput(0));
                        String why = r instanceof ConditionEvaluator.Unknown u ? "its condition depends on " + u.why()
                                : "its condition has more than one element";
                        choices.add(new IfChoice.Kept(label(n), n.getOutputCount() > 0 ? n.getOutput(0) : "", why));
                    }
                }
                return choices.isEmpty() ? model : model.withInlinedIfs(
                        model.proto().toBuilder().setGraph(main).build(), choices);
            }
            NodeProto ifNode = main.getNode(index);
            boolean taken = condition.value().values()[0] != 0;
            String takenName = taken ? "then_branch" : "else_branch";
            GraphProto branch = branch(ifNode, takenName);
            GraphProto other = branch(ifNode, taken ? "else_branch" : "then_branch");
            choices.add(new IfChoice.Inlined(label(ifNode), takenName, "its condition '" + ifNode.getInput(0)
                    + "' is " + (taken ? "true" : "false") + (condition.inputs().isEmpty() ? " (a constant)"
                    : ", computed from inputs " + condition.inputs() + " given fixed values"), other));
            main = splice(main, index, ifNode, branch);
        }
        throw new org.nlsig.io.UserInputException(model.path() + ": more than " + MAX_INLINED + " If nodes to inline");
    }

    private static boolean isIf(NodeProto n) {
        return n.getOpType().equals("If") && (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))
                && n.getInputCount() == 1;
    }

    private static String label(NodeProto n) {
        return n.getName().isEmpty() ? "(unnamed If writing '" + n.getOutput(0) + "')" : n.getName();
    }

    private static GraphProto branch(NodeProto ifNode, String name) {
        for (AttributeProto a : ifNode.getAttributeList()) {
            if (a.getName().equals(name) && a.hasG()) {
                return a.getG();
            }
        }
        throw new org.nlsig.io.UserInputException("If node " + label(ifNode) + " has no " + name
                + " (a malformed model)");
    }

    /** The main graph with node {@code index} (the If) replaced by the nodes of {@code branch}. */
    private static GraphProto splice(GraphProto main, int index, NodeProto ifNode, GraphProto branch) {
        String scope = ifNode.getName().isEmpty() ? "if_" + ifNode.getOutput(0) : ifNode.getName();
        String tensorScope = (scope.startsWith("/") ? scope.substring(1) : scope) + "/";
        String nodeScope = scope.startsWith("/") ? scope : "/" + scope;
        Set<String> nodeOutputs = new HashSet<>();
        branch.getNodeList().forEach(n -> n.getOutputList().stream().filter(o -> !o.isEmpty())
                .forEach(nodeOutputs::add));
        Map<String, String> renamed = new HashMap<>();
        for (String local : nodeOutputs) {
            renamed.put(local, tensorScope + local);
        }
        branch.getInitializerList().forEach(t -> renamed.put(t.getName(), tensorScope + t.getName()));
        branch.getSparseInitializerList().forEach(t -> renamed.put(t.getValues().getName(),
                tensorScope + t.getValues().getName()));
        // a branch output made by one of its nodes becomes the If's output under the If's name; others (an outer
        // tensor passed through, an initializer, an output listed twice) get an Identity
        List<NodeProto> identities = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (int k = 0; k < branch.getOutputCount() && k < ifNode.getOutputCount(); k++) {
            String out = branch.getOutput(k).getName();
            String target = ifNode.getOutput(k);
            if (target.isEmpty()) {
                continue;
            }
            if (nodeOutputs.contains(out) && claimed.add(out)) {
                renamed.put(out, target);
            } else {
                identities.add(NodeProto.newBuilder().setOpType("Identity").setName(nodeScope + "/output_" + k)
                        .addInput(renamed.getOrDefault(out, out)).addOutput(target).build());
            }
        }
        GraphProto.Builder g = main.toBuilder();
        List<NodeProto> nodes = new ArrayList<>(main.getNodeList().subList(0, index));
        for (NodeProto n : branch.getNodeList()) {
            NodeProto.Builder b = rename(n, renamed).toBuilder();
            if (!n.getName().isEmpty()) {
                b.setName(nodeScope + (n.getName().startsWith("/") ? "" : "/") + n.getName());
            }
            nodes.add(b.build());
        }
        nodes.addAll(identities);
        nodes.addAll(main.getNodeList().subList(index + 1, main.getNodeCount()));
        g.clearNode().addAllNode(nodes);
        for (TensorProto t : branch.getInitializerList()) {
            g.addInitializer(t.toBuilder().setName(renamed.get(t.getName())));
        }
        for (SparseTensorProto t : branch.getSparseInitializerList()) {
            g.addSparseInitializer(t.toBuilder().setValues(t.getValues().toBuilder()
                    .setName(renamed.get(t.getValues().getName()))));
        }
        for (ValueInfoProto vi : branch.getValueInfoList()) {
            g.addValueInfo(vi.toBuilder().setName(renamed.getOrDefault(vi.getName(), vi.getName())));
        }
        return g.build();
    }

    /** {@code n} with the names of {@code renamed} replaced, in its inputs, outputs and subgraphs. */
    private static NodeProto rename(NodeProto n, Map<String, String> renamed) {
        NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
        n.getInputList().forEach(i -> b.addInput(renamed.getOrDefault(i, i)));
        n.getOutputList().forEach(o -> b.addOutput(renamed.getOrDefault(o, o)));
        for (int a = 0; a < b.getAttributeCount(); a++) {
            AttributeProto attr = b.getAttribute(a);
            if (!attr.hasG() && attr.getGraphsCount() == 0) {
                continue;
            }
            AttributeProto.Builder ab = attr.toBuilder();
            if (attr.hasG()) {
                ab.setG(renameInSubgraph(attr.getG(), renamed));
            }
            for (int k = 0; k < attr.getGraphsCount(); k++) {
                ab.setGraphs(k, renameInSubgraph(attr.getGraphs(k), renamed));
            }
            b.setAttribute(a, ab);
        }
        return b.build();
    }

    /** A nested subgraph's references to the branch's names, renamed; names it defines itself shadow them. */
    private static GraphProto renameInSubgraph(GraphProto sub, Map<String, String> renamed) {
        Map<String, String> visible = new HashMap<>(renamed);
        sub.getInputList().forEach(vi -> visible.remove(vi.getName()));
        sub.getInitializerList().forEach(t -> visible.remove(t.getName()));
        sub.getNodeList().forEach(n -> n.getOutputList().forEach(visible::remove));
        GraphProto.Builder g = sub.toBuilder().clearNode();
        sub.getNodeList().forEach(n -> g.addNode(rename(n, visible)));
        for (int k = 0; k < g.getOutputCount(); k++) {
            String name = g.getOutput(k).getName();
            g.setOutput(k, g.getOutput(k).toBuilder().setName(visible.getOrDefault(name, name)));
        }
        return g.build();
    }
}
