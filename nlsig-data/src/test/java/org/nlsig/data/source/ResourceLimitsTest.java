package org.nlsig.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.image.ImageDecodeException;
import org.nlsig.data.image.ImageDecoder;
import org.nlsig.data.preprocess.Interpolation;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.testing.Fixtures;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.io.npy.NpyFormatException;

/** Issue 17 items 8 and 10: lying headers, huge shapes, bombs and loops give messages naming the input. */
class ResourceLimitsTest {
    @TempDir
    Path tmp;

    private DataOptions options() {
        return DataOptions.defaults().withCacheDir(tmp.resolve("cache"));
    }

    @Test
    void randomShapeBeyondOneArrayIsAMessageNamingTheSpec() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> DataSources.open(DataSpec.parse("random:1x100000x100000"), options(), line -> { }));
        assertTrue(e.getMessage().contains("random:1x100000x100000") && e.getMessage().contains("10000000000"),
                e.getMessage());
    }

    /** A v1 .npy header with the given dictionary and no data. */
    private static byte[] npy(String dict) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
        return b.array();
    }

    @Test
    void npyDimensionsOverflowingALongAreACorruptHeader() throws IOException {
        Path f = tmp.resolve("big.npy");
        Files.write(f, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (9000000000, 9000000000, 1000), }"));
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> DataSources.open(DataSpec.parse("npy:" + f), options(), line -> { }));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void npySampleBeyondOneArrayIsAMessageNamingTheFile() throws IOException {
        Path f = tmp.resolve("wide.npy");
        byte[] header = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 100000, 100000), }");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(header));
            ch.position(header.length + 10_000_000_000L - 1);  // sparse: the size the header promises
            ch.write(ByteBuffer.wrap(new byte[1]));
        }
        UserInputException e = assertThrows(UserInputException.class,
                () -> DataSources.open(DataSpec.parse("npy:" + f), options(), line -> { }));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("10000000000"), e.getMessage());
    }

    @Test
    void npyHeaderLengthBeyondAnIntIsCorruptNotLenBelowZero() throws IOException {
        Path f = tmp.resolve("v2.npy");
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, -1, '{'});
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyFile.readHeader(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aDirectoryGivenAsAFileIsSaid() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("labels.npy"));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyFile.read(dir));
        assertTrue(e.getMessage().equals(dir + ": is a directory, not a .npy file"), e.getMessage());
        UserInputException idx = assertThrows(UserInputException.class,
                () -> IdxSource.open(dir, null, options()));
        assertTrue(idx.getMessage().contains(dir + ": is a directory"), idx.getMessage());
        ImageDecodeException img = assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(dir));
        assertTrue(img.getMessage().contains("is a directory"), img.getMessage());
    }

    /** A real 1 x 1 PNG whose IHDR is rewritten to declare {@code w x h} (CRC fixed): small file, huge image. */
    static byte[] lyingPng(int w, int h) throws IOException {
        byte[] png = Fixtures.encode(Fixtures.photo(1, 1, 1), "png");
        ByteBuffer b = ByteBuffer.wrap(png);
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        b.putInt(16, w).putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    @Test
    void imagePixelsAreLimitedFromTheHeaderBeforeDecoding() throws IOException {
        byte[] png = lyingPng(30000, 30000);
        long before = usedHeap();
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(png, "huge.png"));
        assertTrue(e.getMessage().contains("huge.png") && e.getMessage().contains("30000 x 30000")
                && e.getMessage().contains("--max-pixels"), e.getMessage());
        assertTrue(usedHeap() - before < 200L << 20, "decoding was attempted");

        byte[] small = Fixtures.encode(Fixtures.photo(20, 20, 1), "png");
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(small, "s.png", 399));
        assertEquals(20, ImageDecoder.decode(small, "s.png", 400).width());
        byte[] jpeg = Fixtures.jpeg(Fixtures.photo(20, 20, 1), 0.9f, false);
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(jpeg, "s.jpg", 399));
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void theImageFolderSourcePassesItsPixelLimitAndSkipsOversizedImages() throws IOException {
        Path root = tmp.resolve("imgs");
        Files.createDirectories(root.resolve("cls"));
        Files.write(root.resolve("cls/a.png"), Fixtures.encode(Fixtures.photo(20, 20, 1), "png"));
        Files.write(root.resolve("cls/b.png"), lyingPng(30000, 30000));
        Preprocessing p = new Preprocessing("p", 0, 16, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = DataSources.open(new DataSpec.ImageFolderSpec(root),
                options().withPreprocessing(p).withMaxPixels(10_000), line -> { })) {
            s.read(0);
            BadSampleException e = assertThrows(BadSampleException.class, () -> s.read(1));
            assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("limit of 10000"), e.getMessage());
        }
    }

    @Test
    void aSymlinkLoopInAnImageFolderIsABadFileNotACrash() throws IOException {
        Path root = tmp.resolve("imgs");
        Files.createDirectories(root.resolve("cls"));
        Files.write(root.resolve("cls/a.png"), Fixtures.encode(Fixtures.photo(20, 20, 1), "png"));
        Files.write(root.resolve("cls/c.png"), Fixtures.encode(Fixtures.photo(20, 20, 2), "png"));
        Path loop = Files.createSymbolicLink(root.resolve("cls/b_loop"), root.resolve("cls"));
        Preprocessing p = new Preprocessing("p", 0, 16, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = DataSources.open(new DataSpec.ImageFolderSpec(root), options().withPreprocessing(p),
                line -> { })) {
            BadSampleException e = assertThrows(BadSampleException.class, () -> {
                try (BatchStream b = BatchStream.open(s, StreamOptions.of(8).withDropLast(false))) {
                    b.next();
                }
            });
            assertTrue(e.getMessage().contains(loop.toString()) && e.getMessage().contains("symbolic link loop"),
                    e.getMessage());
            try (BatchStream b = BatchStream.open(s, StreamOptions.of(8).withDropLast(false)
                    .withOnBadFile(BadFilePolicy.SKIP))) {
                List<String> ids = new ArrayList<>();
                while (b.hasNext()) {
                    Batch batch = b.next();
                    ids.addAll(batch.sampleIds());
                }
                assertEquals(List.of("cls/a.png", "cls/c.png"), ids);
                assertEquals(1, b.skipped().size());
                assertEquals(loop.toString(), b.skipped().get(0).sampleId());
                assertTrue(b.skipped().get(0).reason().contains("loop"), b.skipped().get(0).reason());
            }
        }
    }

    private static byte[] idxHeader(int count, int h, int w) {
        return ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(h).putInt(w).array();
    }

    private List<Path> cacheFiles() throws IOException {
        Path cache = tmp.resolve("cache");
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aGzipBombUnderAnIdxHeaderIsStoppedAndNothingStaysInTheCache() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(idxHeader(1, 10, 10));
        raw.write(new byte[8 << 20]);  // 8 MiB where the header promises 100 bytes
        Path gz = tmp.resolve("bomb-idx3-ubyte.gz");
        Files.write(gz, Fixtures.gzip(raw.toByteArray()));
        UserInputException e = assertThrows(UserInputException.class, () -> IdxSource.open(gz, null, options()));
        assertTrue(e.getMessage().startsWith(gz.toString()) && e.getMessage().contains("unpacks to more than"),
                e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void anUnpackThatDoesNotMatchItsHeaderIsRemovedFromTheCache() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(idxHeader(3, 10, 10));
        raw.write(new byte[150]);  // 1.5 images
        Path gz = tmp.resolve("short-idx3-ubyte.gz");
        Files.write(gz, Fixtures.gzip(raw.toByteArray()));
        IOException e = assertThrows(IOException.class, () -> IdxSource.open(gz, null, options()));
        assertTrue(e.getMessage().startsWith(gz.toString()), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aTruncatedGzipNamesTheFileAndSaysTruncated() throws IOException {
        byte[] full = Fixtures.gzip(Fixtures.idxImages(50, 28, 28));
        Path gz = tmp.resolve("cut-idx3-ubyte.gz");
        Files.write(gz, java.util.Arrays.copyOf(full, full.length / 2));
        IOException e = assertThrows(IOException.class, () -> IdxSource.open(gz, null, options()));
        assertTrue(e.getMessage().startsWith(gz.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("ZLIB") && !e.getMessage().contains(gz.toString()));
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aTruncatedTarGzNamesTheArchiveAndSaysTruncated() throws IOException {
        Path archive = tmp.resolve("cifar.tar.gz");
        byte[] noise = new byte[200_000];
        new java.util.Random(1).nextBytes(noise);  // incompressible, so a cut lands inside the member
        Fixtures.tarGz(archive, java.util.Map.of("cifar/data_batch_1.bin", noise));
        byte[] full = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(full, full.length / 2));
        IOException e = assertThrows(IOException.class, () -> org.nlsig.data.download.Unpacker.untarGz(archive,
                tmp.resolve("cache"), m -> true));
        assertTrue(e.getMessage().startsWith(archive.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }
}
