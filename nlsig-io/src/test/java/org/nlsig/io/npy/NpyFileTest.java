package org.nlsig.io.npy;

import org.nlsig.io.HalfFloats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsFloatsDoublesAndLongs() throws IOException {
        Path f = dir.resolve("a.npy");
        NpyFile.writeFloats(f, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        NpyArray a = NpyFile.read(f);
        assertEquals(NpyDType.FLOAT32, a.dtype());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {4, 5, 6}, a.toMatrix()[1]);
        assertEquals(0, Files.size(f) % 64 == 0 ? 0 : (Files.size(f) - 24) % 4, "header padded to 64 bytes");

        NpyFile.writeDoubles(f, new double[] {0.1, -2.5}, 2);
        assertArrayEquals(new double[] {0.1, -2.5}, NpyFile.read(f).toDoubles());
        NpyFile.write(f, NpyArray.ofLongs(new long[] {Long.MAX_VALUE, -3}, 2));
        assertArrayEquals(new long[] {Long.MAX_VALUE, -3}, NpyFile.read(f).toLongs());
    }

    @Test
    void readsFortranOrderAndBigEndianAsCOrder() throws IOException {
        // NumPy's np.asfortranarray(np.arange(6, dtype='>f8').reshape(2, 3))
        Path f = dir.resolve("f.npy");
        String dict = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
        ByteBuffer data = ByteBuffer.allocate(48).order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {0, 3, 1, 4, 2, 5}) {
            data.putDouble(v);
        }
        writeRaw(f, dict, data.array());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, NpyFile.read(f).toDoubles());
    }

    /** The bulk conversions (one copy per array) give what element access gives, in either byte order. */
    @Test
    void bulkConversionsAgreeWithElementAccessInBothByteOrders() throws IOException {
        double[] values = {0.1, -2.5, 1e-30, 3.4e38, -0.0, 7};
        for (String descr : new String[] {"<f8", ">f8", "<f4", ">f4"}) {
            boolean doubles = descr.endsWith("8");
            ByteBuffer data = ByteBuffer.allocate(values.length * (doubles ? 8 : 4))
                    .order(descr.startsWith("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            for (double v : values) {
                if (doubles) {
                    data.putDouble(v);
                } else {
                    data.putFloat((float) v);
                }
            }
            Path f = dir.resolve("b" + descr.charAt(0) + descr.charAt(2) + ".npy");
            writeRaw(f, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (3, 2), }", data.array());
            NpyArray a = NpyFile.read(f);
            double[] all = a.toDoubles();
            float[] floats = a.toFloats();
            for (int i = 0; i < values.length; i++) {
                double expected = doubles ? values[i] : (float) values[i];
                assertEquals(expected, all[i], descr + " element " + i);
                assertEquals(expected, a.getDouble(i), descr + " element " + i);
                assertEquals((float) expected, floats[i], descr + " element " + i);
            }
            assertArrayEquals(new int[] {3, 2}, a.matrixShape());
            assertArrayEquals(new double[] {all[4], all[5]}, a.toMatrix()[2], descr);
            assertArrayEquals(all, NpyFile.read(f).toDoubles(), descr + ": reading twice gives the same values");
        }
        assertArrayEquals(new int[] {2, 1}, NpyArray.ofDoubles(new double[] {1, 2}, 2).matrixShape());
        NpyFormatException rank3 = assertThrows(NpyFormatException.class,
                () -> NpyArray.ofDoubles(new double[8], 2, 2, 2).matrixShape());
        assertTrue(rank3.getMessage().contains("[2, 2, 2]"), rank3.getMessage());
    }

    /** What np.savez writes: one stored NAME.npy member per array, in order; read back as written. */
    @Test
    void npzArchivesRoundTripAsStoredMembersInOrder() throws IOException {
        Path f = dir.resolve("t.npz");
        java.util.Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>();
        arrays.put("input_ids", NpyArray.ofLongs(new long[] {101, 7592, 102, 0}, 2, 2));
        arrays.put("attention_mask", NpyArray.ofLongs(new long[] {1, 1, 1, 0}, 2, 2));
        arrays.put("x", NpyArray.ofFloats(new float[] {0.5f, -1f}, 2));
        NpzFile.write(f, arrays);
        java.util.Map<String, NpyArray> back = NpzFile.read(f);
        assertEquals(java.util.List.of("input_ids", "attention_mask", "x"), java.util.List.copyOf(back.keySet()));
        assertArrayEquals(new long[] {101, 7592, 102, 0}, back.get("input_ids").toLongs());
        assertArrayEquals(new long[] {2, 2}, back.get("attention_mask").shape());
        assertArrayEquals(new float[] {0.5f, -1f}, back.get("x").toFloats());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile())) {
            zip.stream().forEach(e -> assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod(), e.getName()));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(java.util.List.of("t.npz"), listing.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
        assertThrows(IllegalArgumentException.class, () -> NpzFile.write(f, java.util.Map.of("a/b",
                NpyArray.ofFloats(new float[1], 1))));
        assertThrows(IllegalArgumentException.class, () -> NpzFile.write(f, java.util.Map.of()));
    }

    @Test
    void readsHalfPrecision() throws IOException {
        Path f = dir.resolve("h.npy");
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // 1, -2, 2^-24
        writeRaw(f, "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", data.array());
        assertArrayEquals(new double[] {1, -2, 0x1p-24}, NpyFile.read(f).toDoubles());
        for (float v : new float[] {1f, -2f, 0.1f, 65504f, 6e-8f, 0f}) {
            assertEquals(HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(v)), HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(
                    HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(v)))));
        }
        assertEquals(0.0999755859375f, HalfFloats.float16ToFloat(HalfFloats.floatToFloat16(0.1f)));
    }

    @Test
    void rejectsNonNpyAndTruncatedFilesNamingThem() throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.writeString(f, "hello world, not numpy");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyFile.read(f));
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());

        Path t = dir.resolve("trunc.npy");
        writeRaw(t, "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 10), }", new byte[16]);
        e = assertThrows(NpyFormatException.class, () -> NpyFile.read(t));
        assertTrue(e.getMessage().contains("trunc.npy") && e.getMessage().contains("truncated"), e.getMessage());

        Path u = dir.resolve("complex.npy");
        writeRaw(u, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        e = assertThrows(NpyFormatException.class, () -> NpyFile.read(u));
        assertTrue(e.getMessage().contains("<c8"), e.getMessage());
    }

    @Test
    void atomicWriteLeavesNoPartialFileOnFailure() throws IOException {
        Path f = dir.resolve("keep.npy");
        NpyFile.writeFloats(f, new float[] {7}, 1);
        assertThrows(IOException.class, () -> org.nlsig.io.AtomicFile.write(f, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertArrayEquals(new double[] {7}, NpyFile.read(f).toDoubles());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file removed");
        }
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(f)), "results are readable like ordinary files");
        }
    }

    /** Writes a version 1.0 file with exactly the given header dictionary, as NumPy would. */
    private static void writeRaw(Path f, String dict, byte[] data) throws IOException {
        int unpadded = 10 + dict.length() + 1;
        String text = dict + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        header.putShort((short) text.length()).put(text.getBytes(StandardCharsets.ISO_8859_1));
        Files.write(f, concat(header.array(), data));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
