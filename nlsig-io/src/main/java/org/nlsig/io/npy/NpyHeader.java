package org.nlsig.io.npy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a .npy file: element type, byte order, memory order and shape, and where the data starts.
 *
 * @param dataOffset byte offset of the first element in the file
 */
public record NpyHeader(NpyDType dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape, long dataOffset) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    public long dataBytes() {
        return Math.multiplyExact(elementCount(), dtype.size());
    }

    /** Parses the dictionary text of a header; {@code source} names the file in errors. */
    static NpyHeader parse(String dict, long dataOffset, String source) {
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new NpyFormatException(source + ": malformed .npy header: " + dict.trim());
        }
        NpyDType.Parsed parsed;
        try {
            parsed = NpyDType.parse(descr.group(1));
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(source + ": " + e.getMessage());
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                try {
                    long v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(v);
                } catch (NumberFormatException e) {
                    throw new NpyFormatException(source + ": bad dimension '" + p + "' in .npy shape");
                }
            }
        }
        long[] s = dims.stream().mapToLong(Long::longValue).toArray();
        long count = org.nlsig.io.Limits.product(s);
        if (count < 0 || org.nlsig.io.Limits.product(count, parsed.type().size()) < 0) {
            throw new NpyFormatException(source + ": .npy shape " + Arrays.toString(s)
                    + " describes more than 2^63 bytes; the header is corrupt");
        }
        return new NpyHeader(parsed.type(), parsed.order(), fortran.group(1).equals("True"), s, dataOffset);
    }

    /** The header dictionary text as NumPy writes it (without padding). */
    String toDictionary() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(dtype.descriptor())
                .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(shape.length == 1 ? "," : ", ");
            }
        }
        return sb.append("), }").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && h.byteOrder.equals(byteOrder)
                && h.fortranOrder == fortranOrder && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode();
    }

    @Override
    public String toString() {
        return dtype.displayName() + Arrays.toString(shape) + (fortranOrder ? " (Fortran order)" : "");
    }
}
