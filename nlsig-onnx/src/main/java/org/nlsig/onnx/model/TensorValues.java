package org.nlsig.onnx.model;

import org.nlsig.io.HalfFloats;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Decodes the values of small constant tensors (initializers, Constant nodes) to doubles. */
public final class TensorValues {
    /** Constants larger than this are weights, not the scalars that patterns compare. */
    private static final long MAX_DECODED = 1 << 16;

    private TensorValues() {
    }

    public static long elementCount(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The values in C order, or empty when the tensor is external, large, or of a non-numeric type. */
    public static Optional<double[]> decode(TensorProto t) {
        long count = elementCount(t);
        if (count > MAX_DECODED || t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return Optional.empty();
        }
        int n = (int) count;
        ElementType type = ElementType.of(t.getDataType());
        double[] out = new double[n];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                Double v = readRaw(b, type);
                if (v == null) {
                    return Optional.empty();
                }
                out[i] = v;
            }
            return Optional.of(out);
        }
        switch (type) {
            case FLOAT -> {
                if (t.getFloatDataCount() != n) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    out[i] = t.getFloatData(i);
                }
            }
            case DOUBLE -> {
                if (t.getDoubleDataCount() != n) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    out[i] = t.getDoubleData(i);
                }
            }
            case INT64 -> {
                if (t.getInt64DataCount() != n) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    out[i] = t.getInt64Data(i);
                }
            }
            case INT32, INT16, INT8, UINT8, UINT16, BOOL -> {
                if (t.getInt32DataCount() != n) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    out[i] = t.getInt32Data(i);
                }
            }
            case FLOAT16, BFLOAT16 -> {
                if (t.getInt32DataCount() != n) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    out[i] = halfBits(t.getInt32Data(i), type);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static Double readRaw(ByteBuffer b, ElementType type) {
        return switch (type) {
            case FLOAT -> (double) b.getFloat();
            case DOUBLE -> b.getDouble();
            case INT64 -> (double) b.getLong();
            case INT32 -> (double) b.getInt();
            case INT16 -> (double) b.getShort();
            case INT8 -> (double) b.get();
            case UINT8, BOOL -> (double) (b.get() & 0xff);
            case FLOAT16, BFLOAT16 -> halfBits(b.getShort() & 0xffff, type);
            default -> null;
        };
    }

    private static double halfBits(int bits, ElementType type) {
        return type == ElementType.BFLOAT16 ? HalfFloats.bfloat16ToFloat((short) bits)
                : HalfFloats.float16ToFloat((short) bits);
    }
}
