package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.GraphProto;

/**
 * What {@link IfInlining} did with one If node of the main graph: inlined the branch its fixed condition takes, or
 * kept the node because its condition is only known at run time. Site discovery lists the activations of the branches
 * that do not run as skipped candidates, with these reasons.
 */
public sealed interface IfChoice {
    /** The If node's name (or a description when unnamed), as in the model after inlining. */
    String node();

    /**
     * The If's {@code taken} branch ("then_branch" or "else_branch") now runs in the main graph, named under the If's
     * scope.
     *
     * @param condition what fixed it, e.g. "'Equal_0_C' is true, computed from --input sr"
     * @param notTaken  the other branch, which does not run
     */
    record Inlined(String node, String taken, String condition, GraphProto notTaken) implements IfChoice {
        public String notTakenName() {
            return taken.equals("then_branch") ? "else_branch" : "then_branch";
        }
    }

    /**
     * The If is kept; neither branch is measured.
     *
     * @param output the If's first output, which identifies the node in the graph
     * @param why    which tensor its condition depends on that is computed at run time
     */
    record Kept(String node, String output, String why) implements IfChoice {
    }
}
