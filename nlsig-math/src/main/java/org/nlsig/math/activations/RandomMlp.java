package org.nlsig.math.activations;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nlsig.math.SampleMatrix;

/**
 * A fully connected network with random weights, as the neural-redshift experiment draws them: every layer's weights
 * uniform in {@code scale * (-a + shift, a + shift)} with Glorot's bound {@code a = sqrt(6 / (fan_in + fan_out))},
 * its biases uniform in (-1, 1) whatever the scale. The same activation follows every layer but the last.
 *
 * @param layers the layers from input to output
 */
public record RandomMlp(List<Layer> layers) {

    public RandomMlp {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layer " + l + " takes " + layers.get(l).inputs()
                        + " inputs, the layer before gives " + layers.get(l - 1).outputs());
            }
        }
    }

    /**
     * One affine layer, x -> W x + b.
     *
     * @param weights outputs x inputs, row-major
     * @param bias    one per output
     */
    public record Layer(int inputs, int outputs, double[] weights, double[] bias) {
        public Layer {
            if (inputs < 1 || outputs < 1 || weights.length != inputs * outputs || bias.length != outputs) {
                throw new IllegalArgumentException("a " + inputs + " -> " + outputs + " layer needs "
                        + inputs * outputs + " weights and " + outputs + " biases, got " + weights.length + " and "
                        + bias.length);
            }
            weights = weights.clone();
            bias = bias.clone();
        }

        /** The layer applied to every row of x (n x inputs), giving n x outputs. */
        public SampleMatrix apply(SampleMatrix x) {
            if (x.cols() != inputs) {
                throw new IllegalArgumentException("the layer takes " + inputs + " features, got " + x.cols());
            }
            double[] in = x.values();
            double[] out = new double[x.rows() * outputs];
            for (int r = 0; r < x.rows(); r++) {
                for (int o = 0; o < outputs; o++) {
                    double s = bias[o];
                    for (int i = 0; i < inputs; i++) {
                        s += weights[o * inputs + i] * in[r * inputs + i];
                    }
                    out[r * outputs + o] = s;
                }
            }
            return new SampleMatrix(x.rows(), outputs, out);
        }
    }

    /**
     * Draws a network.
     *
     * @param widths the layer widths from the input's to the output's ({@code 2, 40, 40, 40, 1}: three hidden
     *               layers of 40 on 2-D inputs, one output)
     * @param scale  the factor on every weight's range
     * @param shift  added to both ends of the unscaled range (the experiment's {@code -0.05} tilts weights negative)
     */
    public static RandomMlp draw(SplittableRandom random, List<Integer> widths, double scale, double shift) {
        if (widths.size() < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output width, got "
                    + widths);
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.size(); l++) {
            int in = widths.get(l);
            int out = widths.get(l + 1);
            if (in < 1 || out < 1) {
                throw new IllegalArgumentException("widths must be at least 1, got " + widths);
            }
            double a = Math.sqrt(6.0 / (in + out));
            double lo = scale * (-a + shift);
            double hi = scale * (a + shift);
            double[] w = new double[in * out];
            for (int k = 0; k < w.length; k++) {
                w[k] = lo + (hi - lo) * random.nextDouble();
            }
            double[] b = new double[out];
            for (int k = 0; k < b.length; k++) {
                b[k] = -1 + 2 * random.nextDouble();
            }
            layers.add(new Layer(in, out, w, b));
        }
        return new RandomMlp(layers);
    }

    /**
     * The forward pass through the network with {@code activation} after every layer but the last.
     *
     * @return each hidden layer's pre-activation (the input of its activation), and the network's output
     */
    public Forward forward(SampleMatrix x, ActivationFunction activation) {
        List<SampleMatrix> pre = new ArrayList<>();
        SampleMatrix h = x;
        for (int l = 0; l < layers.size() - 1; l++) {
            SampleMatrix z = layers.get(l).apply(h);
            pre.add(z);
            h = StudyInputs.map(z, activation::apply);
        }
        return new Forward(pre, layers.get(layers.size() - 1).apply(h));
    }

    /** A forward pass: the pre-activations of the hidden layers, in order, and the output. */
    public record Forward(List<SampleMatrix> preActivations, SampleMatrix output) {
        public Forward {
            preActivations = List.copyOf(preActivations);
        }
    }
}
