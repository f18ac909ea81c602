package org.nlsig.onnx.sites;

import java.util.List;
import java.util.Optional;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.TensorInfo;

/**
 * One activation call in the forward pass.
 *
 * @param index        position in execution (topological) order, from 0
 * @param name         readable, unique name from the exporter's scopes ({@code layer1.0.relu_1})
 * @param kind         the function computed
 * @param nodeNames    the ONNX nodes the site spans (several for decomposed forms), in graph order
 * @param opTypes      their operator types, same order
 * @param inputTensor  the tensor the activation reads (X)
 * @param outputTensor the tensor it writes (Y)
 * @param outputInfo   element type and shape of Y as inferred (shape at the inference batch size), maybe unknown
 * @param layout       where the features are, inferred from the layer that made the input
 * @param featureAxis  {@code layout.axis(rank)}, or -1 when the rank is unknown
 * @param dequantisation for a site computed in integers, how its integer X and Y are dequantised before pooling
 */
public record ActivationSite(int index, String name, ActivationKind kind, List<String> nodeNames,
                             List<String> opTypes, String inputTensor, String outputTensor, TensorInfo outputInfo,
                             FeatureLayout layout, int featureAxis, Optional<Dequantisation> dequantisation) {
    public ActivationSite {
        nodeNames = List.copyOf(nodeNames);
        opTypes = List.copyOf(opTypes);
    }

    /** A site computed in floating point. */
    public ActivationSite(int index, String name, ActivationKind kind, List<String> nodeNames, List<String> opTypes,
                          String inputTensor, String outputTensor, TensorInfo outputInfo, FeatureLayout layout,
                          int featureAxis) {
        this(index, name, kind, nodeNames, opTypes, inputTensor, outputTensor, outputInfo, layout, featureAxis,
                Optional.empty());
    }

    /** The element type of Y as the model computes it (an integer type when {@link #dequantisation} is set). */
    public ElementType elementType() {
        return outputInfo.elementType();
    }

    /** The same site with another feature axis (a user's override). */
    public ActivationSite withFeatureAxis(int axis) {
        return new ActivationSite(index, name, kind, nodeNames, opTypes, inputTensor, outputTensor, outputInfo,
                layout, axis, dequantisation);
    }
}
