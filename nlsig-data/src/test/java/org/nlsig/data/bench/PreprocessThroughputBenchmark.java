package org.nlsig.data.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.batch.BatchStream;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.image.ImageDecoder;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.source.DataOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.data.testing.Fixtures;

/**
 * Decode + preprocess throughput on ImageNet-like JPEGs (500x375, quality 90 -> resize 256, crop 224, bilinear,
 * normalise), against plain ImageIO decoding measured in the same run. On demand only:
 * {@code mvn -B -o -pl nlsig-data test -Dnlsig.bench=true -Dtest=PreprocessThroughputBenchmark}
 */
@EnabledIfSystemProperty(named = "nlsig.bench", matches = "true")
class PreprocessThroughputBenchmark {
    private static final int IMAGES = 64;
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    @Test
    void imagenetLikeJpegs() throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        Path folder = tmp.resolve("val/n000");
        Files.createDirectories(folder);
        for (int i = 0; i < IMAGES; i++) {
            byte[] jpeg = Fixtures.jpeg(Fixtures.photo(500, 375, i), 0.9f, false);
            jpegs.add(jpeg);
            Files.write(folder.resolve(String.format("%03d.jpg", i)), jpeg);
        }
        Preprocessing imagenet = Presets.byName("imagenet");

        double baseline = best(() -> {
            for (byte[] j : jpegs) {
                ImageIO.read(new ByteArrayInputStream(j));
            }
        });
        double decodeOnly = best(() -> {
            for (int i = 0; i < jpegs.size(); i++) {
                ImageDecoder.decode(jpegs.get(i), "j" + i);
            }
        });
        double oneThread = best(() -> {
            for (int i = 0; i < jpegs.size(); i++) {
                imagenet.toTensor(ImageDecoder.decode(jpegs.get(i), "j" + i), 3);
            }
        });
        int cores = Runtime.getRuntime().availableProcessors();
        double streamed;
        try (DataSource source = DataSources.open(new DataSpec.ImageFolderSpec(tmp.resolve("val")),
                DataOptions.defaults().withPreprocessing(imagenet).withCacheDir(tmp.resolve("cache")), line -> { })) {
            streamed = best(() -> {
                try (BatchStream b = BatchStream.open(source, StreamOptions.of(32).withWorkers(cores))) {
                    while (b.hasNext()) {
                        b.next();
                    }
                }
            });
        }
        String report = String.format(
                "images/s on %d ImageNet-like JPEGs (500x375 q90), best of %d rounds, %d cores:%n"
                        + "  baseline ImageIO.read (decode only, 1 thread)      %7.1f  1.00x%n"
                        + "  nlsig ImageDecoder (decode only, 1 thread)         %7.1f  %.2fx%n"
                        + "  decode + imagenet preprocess (1 thread)            %7.1f  %.2fx%n"
                        + "  imagefolder BatchStream, batches of 32, %d workers  %7.1f  %.2fx%n",
                IMAGES, ROUNDS, cores, baseline, decodeOnly, decodeOnly / baseline, oneThread, oneThread / baseline,
                cores, streamed, streamed / baseline);
        System.out.print(report);
        String out = System.getProperty("nlsig.bench.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), report);
        }
        assertTrue(streamed >= 150, "streamed throughput " + streamed + " images/s is below the 150 images/s target");
    }

    private interface Work {
        void run() throws IOException;
    }

    /** Images per second of the fastest of ROUNDS runs, after one warm-up run. */
    private static double best(Work work) throws IOException {
        work.run();
        long bestNanos = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            work.run();
            bestNanos = Math.min(bestNanos, System.nanoTime() - t0);
        }
        return IMAGES / (bestNanos / 1e9);
    }
}
