package org.nlsig.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.preprocess.Interpolation;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.testing.Fixtures;
import org.nlsig.data.text.TokenizerOptions;
import org.nlsig.data.testing.LocalServer;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;

class SourcesTest {
    @TempDir
    Path tmp;

    private DataOptions options() {
        // the tokenizer is used by text: specs only; the other kinds ignore it
        return DataOptions.defaults().withCacheDir(tmp.resolve("cache"))
                .withTokenizer(new TokenizerOptions(Fixtures.tinyTokenizer(), 8));
    }

    /** Local data never reports download progress. */
    private static DataSource open(String spec, DataOptions options) throws IOException {
        return DataSources.open(DataSpec.parse(spec), options, line -> fail("progress from local data: " + line));
    }

    @Test
    void imageFolderLabelsClassesInSortedOrderAndPreprocesses() throws Exception {
        Path root = tmp.resolve("imgs");
        Files.createDirectories(root.resolve("b_dog/sub"));
        Files.createDirectories(root.resolve("a_cat"));
        Files.write(root.resolve("b_dog/z.png"), Fixtures.encode(Fixtures.photo(80, 60, 1), "png"));
        Files.write(root.resolve("b_dog/sub/a.jpg"), Fixtures.jpeg(Fixtures.photo(60, 80, 2), 0.9f, false));
        Files.write(root.resolve("a_cat/x.bmp"), Fixtures.encode(Fixtures.photo(50, 50, 3), "bmp"));
        Files.writeString(root.resolve("a_cat/notes.txt"), "ignored");
        Preprocessing small = new Preprocessing("small", 40, 32, Interpolation.BILINEAR,
                Presets.IMAGENET_MEAN, Presets.IMAGENET_STD);
        try (DataSource s = open("imagefolder:" + root, options().withPreprocessing(small))) {
            assertEquals(3, s.size());
            assertTrue(s.hasLabels());
            assertEquals(List.of("a_cat", "b_dog"), s.labelNames());
            assertArrayEquals(new long[] {3, 32, 32}, s.sampleShape());
            Sample first = s.read(0);
            assertEquals("a_cat/x.bmp", first.id());
            assertEquals(0, first.label());
            assertEquals(3 * 32 * 32, first.floats().length);
            // ImageFolder order: class b_dog, then its files by (folder, name): b_dog/z.png before b_dog/sub/a.jpg.
            assertEquals("b_dog/z.png", s.read(1).id());
            assertEquals("b_dog/sub/a.jpg", s.read(2).id());
            assertEquals(1, s.read(2).label());
            assertTrue(s.description().contains("2 classes"));
        }
    }

    @Test
    void flatFolderHasNoLabelsAndGreyCanFeedOneChannel() throws Exception {
        Path root = tmp.resolve("flat");
        Files.createDirectories(root);
        Files.write(root.resolve("1.png"), Fixtures.encode(Fixtures.photo(30, 30, 4), "png"));
        Preprocessing crop = new Preprocessing("c", 0, 16, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = open("imagefolder:" + root, options().withPreprocessing(crop).withChannels(1))) {
            assertFalse(s.hasLabels());
            assertArrayEquals(new long[] {1, 16, 16}, s.sampleShape());
            assertEquals(Sample.NO_LABEL, s.read(0).label());
        }
    }

    @Test
    void cifarFromBinAndFromTarGzGiveTheSameRawTensors() throws Exception {
        Path dir = tmp.resolve("c10");
        Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        byte[] records = Fixtures.cifarRecords(5, 1);
        Files.write(dir.resolve("cifar-10-batches-bin/test_batch.bin"), records);
        Files.writeString(dir.resolve("cifar-10-batches-bin/batches.meta.txt"), "airplane\nautomobile\n\n");
        Path tgzDir = tmp.resolve("c10tgz");
        Files.createDirectories(tgzDir);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n".getBytes());
        members.put("cifar-10-batches-bin/test_batch.bin", records);
        Fixtures.tarGz(tgzDir.resolve("cifar-10-binary.tar.gz"), members);
        try (DataSource bin = open("cifar10:" + dir, options());
             DataSource tgz = open("cifar10:" + tgzDir, options())) {
            assertEquals(5, bin.size());
            assertEquals(5, tgz.size());
            assertArrayEquals(new long[] {3, 32, 32}, bin.sampleShape());
            assertEquals(List.of("airplane", "automobile"), tgz.labelNames());
            for (int i = 0; i < 5; i++) {
                Sample a = bin.read(i);
                Sample b = tgz.read(i);
                assertArrayEquals(a.floats(), b.floats());
                assertEquals(i % 10, a.label());
                // raw: the green plane's pixel 7 is stored byte (1031 + label + 1), divided by 255.
                assertEquals(((1031 + i + 1) & 0xff) / 255f, a.floats()[1024 + 7], 0f);
            }
            assertEquals("test_batch.bin#3", bin.read(3).id());
        }
        // The archive was unpacked once into the cache: opening again reuses it.
        try (DataSource again = open("cifar10:" + tgzDir.resolve("cifar-10-binary.tar.gz"), options())) {
            assertEquals(5, again.size());
        }
    }

    @Test
    void cifar100UsesTheFineLabel() throws Exception {
        Path dir = tmp.resolve("c100");
        Files.createDirectories(dir);
        Files.write(dir.resolve("test.bin"), Fixtures.cifarRecords(3, 2));
        try (DataSource s = open("cifar100:" + dir, options().withPreprocessing(Presets.byName("imagenet")))) {
            assertEquals(2, s.read(2).label());
            assertArrayEquals(new long[] {3, 224, 224}, s.sampleShape());
            assertEquals(3 * 224 * 224, s.read(0).floats().length);
        }
    }

    @Test
    void idxGzippedWithLabelsAndReplicatedChannels() throws Exception {
        Path images = tmp.resolve("imgs.gz");
        Path labels = tmp.resolve("labels");
        byte[] raw = Fixtures.idxImages(4, 28, 28);
        Files.write(images, Fixtures.gzip(raw));
        Files.write(labels, Fixtures.idxLabels(4));
        try (DataSource grey = open("idx:" + images + "," + labels, options());
             DataSource rgb = open("idx:" + images + "," + labels, options().withChannels(3))) {
            assertArrayEquals(new long[] {1, 28, 28}, grey.sampleShape());
            assertArrayEquals(new long[] {3, 28, 28}, rgb.sampleShape());
            Sample g = grey.read(2);
            assertEquals(2, g.label());
            assertEquals((raw[16 + 2 * 784 + 5] & 0xff) / 255f, g.floats()[5], 0f);
            float[] c = rgb.read(2).floats();
            assertEquals(g.floats()[5], c[784 + 5], 0f);
            assertEquals(g.floats()[5], c[2 * 784 + 5], 0f);
        }
        Files.write(labels, Fixtures.idxLabels(3));
        UserInputException e = assertThrows(UserInputException.class,
                () -> open("idx:" + images + "," + labels, options()));
        assertTrue(e.getMessage().contains("3 labels for 4 images"), e.getMessage());
    }

    @Test
    void npyFloatsNhwcAndInt64TokensPassThrough() throws Exception {
        Path nhwc = tmp.resolve("x.npy");
        float[] v = new float[2 * 2 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        NpyFile.writeFloats(nhwc, v, 2, 2, 3, 4); // N=2, H=2, W=3, C=4
        try (DataSource s = open("npy:" + nhwc, options().withLayout(Layout.NHWC))) {
            assertArrayEquals(new long[] {4, 2, 3}, s.sampleShape());
            float[] chw = s.read(1).floats();
            // sample 1, channel c, row y, column x was at 24 + (y*3 + x)*4 + c
            assertEquals(24 + (1 * 3 + 2) * 4 + 3, chw[(3 * 2 + 1) * 3 + 2], 0f);
        }
        Path tokens = tmp.resolve("t.npy");
        long big = (1L << 53) + 1;
        NpyFile.write(tokens, NpyArray.ofLongs(new long[] {101, big, 102, 7}, 2, 2));
        Path labels = tmp.resolve("l.npy");
        NpyFile.write(labels, NpyArray.ofLongs(new long[] {1, 0}, 2));
        try (DataSource s = open("npy:" + tokens + "," + labels, options())) {
            assertEquals(ElementType.INT64, s.elementType());
            assertArrayEquals(new long[] {101, big}, s.read(0).longs());
            assertEquals(0, s.read(1).label());
        }
        UserInputException e = assertThrows(UserInputException.class,
                () -> open("npy:" + tokens, options().withPreprocessing(Presets.byName("imagenet"))));
        assertTrue(e.getMessage().contains("ready model inputs"), e.getMessage());
    }

    @Test
    void randomIsDeterministicPerIndex() throws Exception {
        try (DataSource a = open("random:3x4x4,seed=5,n=3", options());
             DataSource b = open("random:3x4x4,seed=5,n=3", options());
             DataSource c = open("random:3x4x4,seed=6,n=3", options())) {
            assertEquals(3, a.size());
            assertArrayEquals(a.read(2).floats(), b.read(2).floats());
            assertNotEquals(a.read(2).floats()[0], c.read(2).floats()[0]);
            assertNotEquals(a.read(1).floats()[0], a.read(2).floats()[0]);
            double sum = 0;
            double sq = 0;
            try (DataSource big = open("random:100000,seed=1,n=1", options())) {
                for (float x : big.read(0).floats()) {
                    sum += x;
                    sq += x * x;
                }
            }
            assertEquals(0, sum / 100000, 0.02);
            assertEquals(1, sq / 100000, 0.02);
        }
    }

    @Test
    void everyKindOfSpecOpensItsDataOrNamesTheMissingFile() throws Exception {
        Path dir = tmp.resolve("every");
        Files.createDirectories(dir.resolve("folder"));
        Files.write(dir.resolve("folder/1.png"), Fixtures.encode(Fixtures.photo(20, 20, 1), "png"));
        Files.createDirectories(dir.resolve("c100"));
        Files.write(dir.resolve("c100/test.bin"), Fixtures.cifarRecords(2, 2));
        Files.write(dir.resolve("images.gz"), Fixtures.gzip(Fixtures.idxImages(2, 28, 28)));
        NpyFile.writeFloats(dir.resolve("x.npy"), new float[6], 2, 3);
        // One spec per kind that opens a small fixture, and for kinds that read files one naming a missing file.
        Map<Class<?>, String> opens = Map.of(
                DataSpec.ImageFolderSpec.class, "imagefolder:" + dir.resolve("folder"),
                DataSpec.CifarSpec.class, "cifar100:" + dir.resolve("c100"),
                DataSpec.IdxSpec.class, "idx:" + dir.resolve("images.gz"),
                DataSpec.NpySpec.class, "npy:" + dir.resolve("x.npy"),
                DataSpec.RandomSpec.class, "random:2x2,n=3",
                DataSpec.NpzSpec.class, "npz:" + Fixtures.npz(dir.resolve("x.npz"),
                        Map.of("input_ids", NpyArray.ofLongs(new long[4], 2, 2))),
                DataSpec.TextSpec.class, "text:" + Fixtures.write(dir.resolve("t.txt"), "the cat\n"),
                DataSpec.DownloadSpec.class, "mnist");
        Map<Class<?>, String> missing = Map.of(
                DataSpec.ImageFolderSpec.class, "imagefolder:" + dir.resolve("missing-folder"),
                DataSpec.IdxSpec.class, "idx:" + dir.resolve("images.gz") + "," + dir.resolve("missing-labels"),
                DataSpec.NpySpec.class, "npy:" + dir.resolve("missing.npy"),
                DataSpec.NpzSpec.class, "npz:" + dir.resolve("missing.npz"),
                DataSpec.TextSpec.class, "text:" + dir.resolve("missing.txt"));
        assertEquals(Set.of(DataSpec.class.getPermittedSubclasses()), opens.keySet(),
                "a kind of DataSpec without a spec to open here");
        for (Map.Entry<Class<?>, String> e : opens.entrySet()) {
            DataSpec spec = DataSpec.parse(e.getValue());
            assertEquals(e.getKey(), spec.getClass(), e.getValue());
            if (spec instanceof DataSpec.DownloadSpec) {
                // Nothing is served: opening tries the mirror, says so, and fails naming the file.
                List<String> progress = new ArrayList<>();
                try (LocalServer server = LocalServer.start()) {
                    IOException x = assertThrows(IOException.class,
                            () -> DataSources.open(spec, options().withMirror(server.url("")), progress::add));
                    assertTrue(x.getMessage().contains("t10k-images-idx3-ubyte.gz")
                            && x.getMessage().contains("HTTP 404"), x.getMessage());
                    assertEquals(List.of("downloading " + server.url("t10k-images-idx3-ubyte.gz")), progress);
                }
            } else {
                try (DataSource s = DataSources.open(spec, options(), line -> fail(e.getValue() + ": " + line))) {
                    assertTrue(s.size() > 0, e.getValue());
                }
            }
        }
        for (Map.Entry<Class<?>, String> e : missing.entrySet()) {
            DataSpec spec = DataSpec.parse(e.getValue());
            assertEquals(e.getKey(), spec.getClass(), e.getValue());
            UserInputException x = assertThrows(UserInputException.class,
                    () -> DataSources.open(spec, options(), line -> { }), e.getValue());
            assertTrue(x.getMessage().contains("missing") && x.getMessage().contains("Data specs"), x.getMessage());
        }
    }

    @Test
    void missingPathsAreErrorsWithTheSyntax() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> open("imagefolder:" + tmp.resolve("nope"), options()));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("Data specs"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> open("cifar10:" + tmp, options()));
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }

    @Test
    void modelShapeCheckExplainsChannelMismatch() throws Exception {
        Path root = tmp.resolve("grey");
        Files.createDirectories(root);
        Files.write(root.resolve("1.png"), Fixtures.encode(Fixtures.photo(30, 30, 4), "png"));
        Preprocessing crop = new Preprocessing("c", 0, 28, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = open("imagefolder:" + root, options().withPreprocessing(crop).withChannels(1))) {
            DataSources.requireCompatible(s, new long[] {-1, 1, 28, 28}, "input");
            UserInputException e = assertThrows(UserInputException.class,
                    () -> DataSources.requireCompatible(s, new long[] {1, 3, 28, 28}, "pixel_values"));
            assertTrue(e.getMessage().contains("model input 'pixel_values' has shape [1, 3, 28, 28]")
                    && e.getMessage().endsWith("; the model wants 3 channels (--channels 3)"), e.getMessage());
        }
    }

    /** A PaddleOCR-recogniser-like input: batch and width symbolic and named, 3 x 48 fixed. */
    private static final ModelInputShape OCR = new ModelInputShape("x", List.of(-1L, 3L, 48L, -1L),
            List.of("N", "", "", "width"));

    @Test
    void anImageSourceIsToldWhichResizeAndCropGiveTheModelsSize() throws Exception {
        Path root = tmp.resolve("lines");
        Files.createDirectories(root);
        Files.write(root.resolve("1.png"), Fixtures.encode(Fixtures.photo(30, 30, 4), "png"));
        Preprocessing crop = new Preprocessing("c", 0, 16, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = open("imagefolder:" + root, options().withPreprocessing(crop))) {
            UserInputException e = assertThrows(UserInputException.class, () -> DataSources.requireCompatible(s, OCR));
            assertTrue(e.getMessage().startsWith("model input 'x' has shape [N, 3, 48, width] but the data gives "
                    + "samples of shape [3, 16, 16]"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; the model wants images 48 high and of any width (width): --resize "
                    + "48,W with the width you choose (e.g. --resize 48,192), or --resize 48 --crop 48xW"),
                    e.getMessage());
            e = assertThrows(UserInputException.class, () -> DataSources.requireCompatible(s,
                    ModelInputShape.of("x", -1, 3, 48, 320)));
            assertTrue(e.getMessage().endsWith("; the model wants 48 x 320 images (height x width): --resize 48,320 "
                    + "(exact), or --resize 48 --crop 48x320 (keeps the aspect ratio)"), e.getMessage());
        }
    }

    @Test
    void anArraySourceIsToldTheArrayShapeWithSymbolicDimensionsByName() throws Exception {
        Path npy = tmp.resolve("x.npy");
        org.nlsig.io.npy.NpyFile.writeFloats(npy, new float[2 * 3 * 32 * 32], 2, 3, 32, 32);
        try (DataSource s = open("npy:" + npy, options())) {
            UserInputException e = assertThrows(UserInputException.class, () -> DataSources.requireCompatible(s, OCR));
            assertTrue(e.getMessage().startsWith("model input 'x' has shape [N, 3, 48, width] but the data gives "
                    + "samples of shape [3, 32, 32]"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; the model needs an array of shape [N, 3, 48, width] (a named "
                    + "dimension is symbolic: any size), samples of shape [3, 48, width]"), e.getMessage());
            assertFalse(e.getMessage().contains("--resize") || e.getMessage().contains(", -1"), e.getMessage());
        }
    }
}
