package org.nlsig.onnx.sites;

/**
 * How a site computed in integers (a Relu on int8 tensors, com.microsoft QLinearSigmoid) is measured: its input and
 * output tensors are dequantised in the capture graph before pooling.
 *
 * @param input  the parameters of the site's integer input tensor
 * @param output the parameters of its integer output tensor
 */
public record Dequantisation(QuantParams input, QuantParams output) {
}
