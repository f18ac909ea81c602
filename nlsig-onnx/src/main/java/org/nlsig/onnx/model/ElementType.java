package org.nlsig.onnx.model;

/** ONNX tensor element types, numbered as in {@code TensorProto.DataType}. */
public enum ElementType {
    UNDEFINED(0), FLOAT(1), UINT8(2), INT8(3), UINT16(4), INT16(5), INT32(6), INT64(7), STRING(8), BOOL(9),
    FLOAT16(10), DOUBLE(11), UINT32(12), UINT64(13), COMPLEX64(14), COMPLEX128(15), BFLOAT16(16),
    FLOAT8E4M3FN(17), FLOAT8E4M3FNUZ(18), FLOAT8E5M2(19), FLOAT8E5M2FNUZ(20), UINT4(21), INT4(22),
    FLOAT4E2M1(23), OTHER(-1);

    private final int code;

    ElementType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ElementType of(int code) {
        for (ElementType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return OTHER;
    }

    /** The types whose activations nlsig measures (pooled in single precision). */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == FLOAT16 || this == BFLOAT16 || this == DOUBLE;
    }
}
