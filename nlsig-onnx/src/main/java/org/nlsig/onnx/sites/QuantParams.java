package org.nlsig.onnx.sites;

import java.util.Optional;

/**
 * The scale and zero point that give an integer tensor its real values, {@code (q - zeroPoint) * scale}: the names
 * of the graph's tensors that hold them, as a DequantizeLinear of the capture graph reads them.
 *
 * @param scale     the scale tensor (float, a scalar or per axis)
 * @param zeroPoint the zero-point tensor, empty when the model leaves it out (zero)
 */
public record QuantParams(String scale, Optional<String> zeroPoint) {
}
