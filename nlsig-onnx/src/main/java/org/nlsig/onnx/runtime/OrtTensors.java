package org.nlsig.onnx.runtime;

import org.nlsig.io.HalfFloats;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.TensorInfo;

/** Turns an {@link InputTensor} into an ONNX Runtime tensor of the element type the model declares for the input. */
final class OrtTensors {
    private OrtTensors() {
    }

    static OnnxTensor of(String model, TensorInfo in, InputTensor data) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = data.shape();
        ElementType type = in.elementType();
        if (data instanceof InputTensor.Floats f) {
            float[] v = f.data();
            switch (type) {
                case FLOAT -> {
                    return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
                }
                case DOUBLE -> {
                    double[] d = new double[v.length];
                    for (int i = 0; i < v.length; i++) {
                        d[i] = v[i];
                    }
                    return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
                }
                case FLOAT16, BFLOAT16 -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(v.length * 2).order(ByteOrder.nativeOrder());
                    for (float x : v) {
                        b.putShort(type == ElementType.FLOAT16 ? HalfFloats.floatToFloat16(x)
                                : HalfFloats.floatToBfloat16(x));
                    }
                    b.rewind();
                    return OnnxTensor.createTensor(env, b, shape,
                            type == ElementType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
                }
                default -> throw new UserInputException(model + ": input '" + in.name() + "' takes " + type
                        + " values; give it " + (type == ElementType.BOOL ? "booleans" : "integer data")
                        + ", not floats");
            }
        }
        if (data instanceof InputTensor.Bools b) {
            if (type != ElementType.BOOL) {
                throw new UserInputException(model + ": input '" + in.name() + "' takes " + type
                        + " values, not booleans");
            }
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.max(1, b.data().length)).order(ByteOrder.nativeOrder());
            for (boolean x : b.data()) {
                bytes.put((byte) (x ? 1 : 0));
            }
            bytes.rewind().limit(b.data().length);
            return OnnxTensor.createTensor(env, bytes, shape, OnnxJavaType.BOOL);
        }
        long[] v = ((InputTensor.Longs) data).data();
        switch (type) {
            case INT64 -> {
                return OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
            }
            case INT32 -> {
                int[] w = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    w[i] = Math.toIntExact(v[i]);
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(w), shape);
            }
            default -> throw new UserInputException(model + ": input '" + in.name() + "' takes " + type
                    + " values; give it " + (type == ElementType.BOOL ? "booleans" : "floating-point data")
                    + ", not integers");
        }
    }
}
