package org.nlsig.io.npy;

import org.nlsig.io.HalfFloats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array held in memory as NumPy stores it. Conversions return C (row-major) order whatever the
 * file's memory order, so callers never see Fortran layout.
 */
public final class NpyArray {
    private final NpyDType dtype;
    private final long[] shape;
    private final ByteBuffer data; // C order after construction, native element order per 'order'
    private final String source;

    NpyArray(NpyHeader header, ByteBuffer raw, String source) {
        this.dtype = header.dtype();
        this.shape = header.shape();
        this.source = source;
        ByteBuffer ordered = raw.duplicate().order(header.byteOrder());
        this.data = header.fortranOrder() && shape.length > 1 ? toCOrder(ordered, shape, dtype.size()) : ordered;
    }

    /** Wraps values already in C order (used by writers and tests). */
    public static NpyArray ofFloats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new NpyArray(header(NpyDType.FLOAT32, shape, values.length), b, "<memory>");
    }

    public static NpyArray ofDoubles(double[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return new NpyArray(header(NpyDType.FLOAT64, shape, values.length), b, "<memory>");
    }

    public static NpyArray ofLongs(long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new NpyArray(header(NpyDType.INT64, shape, values.length), b, "<memory>");
    }

    public static NpyArray ofBytes(byte[] values, NpyDType type, long... shape) {
        if (type.size() != 1) {
            throw new IllegalArgumentException("ofBytes takes a one-byte dtype, not " + type.displayName());
        }
        return new NpyArray(header(type, shape, values.length), ByteBuffer.wrap(values.clone()), "<memory>");
    }

    private static NpyHeader header(NpyDType type, long[] shape, long count) {
        NpyHeader h = new NpyHeader(type, ByteOrder.LITTLE_ENDIAN, false, shape, 0);
        if (h.elementCount() != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + h.elementCount()
                    + " elements, but " + count + " values were given");
        }
        return h;
    }

    public NpyDType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Where the array was read from, for error messages. */
    public String source() {
        return source;
    }

    public int size() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return Math.toIntExact(n);
    }

    /** Element i (C order) as a double; integers convert exactly up to 2^53. */
    public double getDouble(int i) {
        int at = i * dtype.size();
        return switch (dtype) {
            case BOOL, UINT8 -> data.get(at) & 0xff;
            case INT8 -> data.get(at);
            case INT16 -> data.getShort(at);
            case UINT16 -> data.getShort(at) & 0xffff;
            case INT32 -> data.getInt(at);
            case UINT32 -> data.getInt(at) & 0xffffffffL;
            case INT64 -> data.getLong(at);
            case UINT64 -> unsignedToDouble(data.getLong(at));
            case FLOAT16 -> HalfFloats.float16ToFloat(data.getShort(at));
            case FLOAT32 -> data.getFloat(at);
            case FLOAT64 -> data.getDouble(at);
        };
    }

    /** Element i (C order) as a long; floating-point values must be integral. */
    public long getLong(int i) {
        int at = i * dtype.size();
        return switch (dtype) {
            case INT64, UINT64 -> data.getLong(at);
            default -> {
                double v = getDouble(i);
                if (v != Math.rint(v)) {
                    throw new NpyFormatException(source + ": element " + i + " = " + v + " is not an integer");
                }
                yield (long) v;
            }
        };
    }

    public double[] toDoubles() {
        double[] out = new double[size()];
        // Bulk copies for the floating-point types: one pass the JVM does natively, where the element loop runs
        // interpreted in a short process (two 8 MB arrays: 70 ms through getDouble, BENCHMARKS.md start-up).
        if (dtype == NpyDType.FLOAT64) {
            elements().asDoubleBuffer().get(out);
            return out;
        }
        if (dtype == NpyDType.FLOAT32) {
            float[] f = new float[out.length];
            elements().asFloatBuffer().get(f);
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** The element bytes from the first, in this array's byte order (a view: data itself is never repositioned). */
    private ByteBuffer elements() {
        ByteBuffer b = data.duplicate().order(data.order());
        b.position(0).limit(size() * dtype.size());
        return b;
    }

    public float[] toFloats() {
        float[] out = new float[size()];
        if (dtype == NpyDType.FLOAT32) {
            elements().asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    public long[] toLongs() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /**
     * A rank-2 array as rows; a rank-1 array of length n becomes n x 1 (one feature per sample).
     *
     * @throws NpyFormatException if the rank is not 1 or 2
     */
    public double[][] toMatrix() {
        int[] rowsCols = matrixShape();
        int cols = rowsCols[1];
        double[] values = toDoubles();
        double[][] m = new double[rowsCols[0]][];
        for (int r = 0; r < m.length; r++) {
            m[r] = Arrays.copyOfRange(values, r * cols, (r + 1) * cols);
        }
        return m;
    }

    /**
     * {rows, columns} of the array read as a matrix of samples: a rank-1 array of length n is n x 1.
     *
     * @throws NpyFormatException if the rank is not 1 or 2
     */
    public int[] matrixShape() {
        if (shape.length != 1 && shape.length != 2) {
            throw new NpyFormatException(source + ": expected a 2-D array (n samples x d features), got shape "
                    + Arrays.toString(shape));
        }
        return new int[] {Math.toIntExact(shape[0]), shape.length == 1 ? 1 : Math.toIntExact(shape[1])};
    }

    /** The elements as little-endian bytes of this array's dtype in C order. */
    ByteBuffer littleEndianData() {
        if (data.order() == ByteOrder.LITTLE_ENDIAN || dtype.size() == 1) {
            return data.duplicate();
        }
        ByteBuffer out = ByteBuffer.allocate(data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        int n = size();
        for (int i = 0; i < n; i++) {
            int at = i * dtype.size();
            switch (dtype.size()) {
                case 2 -> out.putShort(at, data.getShort(at));
                case 4 -> out.putInt(at, data.getInt(at));
                default -> out.putLong(at, data.getLong(at));
            }
        }
        return out;
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    private static ByteBuffer toCOrder(ByteBuffer fortran, long[] shape, int elementSize) {
        int rank = shape.length;
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * elementSize)).order(fortran.order());
        int[] index = new int[rank];
        long[] fortranStride = new long[rank];
        long stride = 1;
        for (int a = 0; a < rank; a++) {
            fortranStride[a] = stride;
            stride *= shape[a];
        }
        byte[] element = new byte[elementSize];
        for (long c = 0; c < count; c++) {
            long f = 0;
            for (int a = 0; a < rank; a++) {
                f += index[a] * fortranStride[a];
            }
            fortran.get(Math.toIntExact(f * elementSize), element);
            out.put(Math.toIntExact(c * elementSize), element);
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < shape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return out;
    }
}
