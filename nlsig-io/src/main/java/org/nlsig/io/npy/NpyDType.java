package org.nlsig.io.npy;

import java.nio.ByteOrder;
import java.util.Locale;

/** The element types nlsig reads and writes, with their NumPy descriptor character and size. */
public enum NpyDType {
    BOOL('b', 1), INT8('i', 1), UINT8('u', 1), INT16('i', 2), UINT16('u', 2), INT32('i', 4), UINT32('u', 4),
    INT64('i', 8), UINT64('u', 8), FLOAT16('f', 2), FLOAT32('f', 4), FLOAT64('f', 8);

    private final char kind;
    private final int size;

    NpyDType(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public boolean isFloatingPoint() {
        return kind == 'f';
    }

    /** The descriptor written in headers; little-endian for multi-byte types, '|' for single bytes. */
    public String descriptor() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /** Parses a descriptor such as {@code <f4}, {@code |u1}, {@code >i8}, {@code ?}. */
    public static Parsed parse(String descr) {
        String d = descr.trim();
        if (d.equals("|b1") || d.equals("?") || d.equals("|?") || d.equals("b1")) {
            return new Parsed(BOOL, ByteOrder.LITTLE_ENDIAN);
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String body = d;
        char first = d.isEmpty() ? ' ' : d.charAt(0);
        if (first == '<' || first == '>' || first == '|' || first == '=') {
            order = first == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            body = d.substring(1);
        }
        if (body.length() >= 2) {
            char kind = body.charAt(0);
            try {
                int size = Integer.parseInt(body.substring(1));
                for (NpyDType t : values()) {
                    if (t.kind == kind && t.size == size && t != BOOL) {
                        return new Parsed(t, order);
                    }
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unsupported NumPy dtype '" + descr
                + "' (supported: float16/32/64, int8/16/32/64, uint8/16/32/64, bool)");
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A dtype with the byte order its data is stored in. */
    public record Parsed(NpyDType type, ByteOrder order) {
    }
}
