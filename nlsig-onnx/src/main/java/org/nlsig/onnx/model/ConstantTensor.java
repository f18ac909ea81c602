package org.nlsig.onnx.model;

import java.util.Arrays;

/**
 * A small tensor whose values are known before the run: an initializer, a Constant node, an input given a fixed value
 * with {@code --input}, or what the If-condition evaluator computed from them. Values are held as doubles, which
 * represent every bool, int32 and float value and the int64 values conditions compare (sample rates, flags).
 */
public record ConstantTensor(ElementType type, long[] shape, double[] values) {
    public ConstantTensor {
        shape = shape.clone();
        values = values.clone();
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                    + values.length);
        }
    }

    /** A tensor of {@code shape} with every element {@code value}. */
    public static ConstantTensor filled(ElementType type, long[] shape, double value) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        double[] v = new double[Math.toIntExact(n)];
        Arrays.fill(v, value);
        return new ConstantTensor(type, shape, v);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The values as text: the single value of a one-element tensor, else a list. */
    public String valueText() {
        if (values.length == 1) {
            return format(values[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length && i < 8; i++) {
            sb.append(i > 0 ? ", " : "").append(format(values[i]));
        }
        return sb.append(values.length > 8 ? ", ...]" : "]").toString();
    }

    private String format(double v) {
        if (type == ElementType.BOOL) {
            return v != 0 ? "true" : "false";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
