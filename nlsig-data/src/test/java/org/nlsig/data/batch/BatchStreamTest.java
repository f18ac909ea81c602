package org.nlsig.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.preprocess.Interpolation;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.source.BadSampleException;
import org.nlsig.data.source.DataOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.data.source.ElementType;
import org.nlsig.data.source.Sample;
import org.nlsig.data.testing.Fixtures;

class BatchStreamTest {
    @TempDir
    Path tmp;

    /** Sample i is the single value i; counts reads. */
    static final class Counting implements DataSource {
        final long n;
        final AtomicLong reads = new AtomicLong();

        Counting(long n) {
            this.n = n;
        }

        @Override
        public long[] sampleShape() {
            return new long[] {1};
        }

        @Override
        public ElementType elementType() {
            return ElementType.FLOAT32;
        }

        @Override
        public long size() {
            return n;
        }

        @Override
        public boolean hasLabels() {
            return true;
        }

        @Override
        public List<String> labelNames() {
            return List.of();
        }

        @Override
        public String description() {
            return "counting";
        }

        @Override
        public Sample read(long index) {
            reads.incrementAndGet();
            return Sample.ofFloats("s" + index, new float[] {index}, index % 3);
        }
    }

    private static List<Float> drain(DataSource s, StreamOptions o) throws IOException {
        List<Float> values = new ArrayList<>();
        try (BatchStream b = BatchStream.open(s, o)) {
            long expectIndex = 0;
            while (b.hasNext()) {
                Batch batch = b.next();
                assertEquals(expectIndex++, batch.index());
                FloatBuffer f = batch.floats();
                for (int i = 0; i < batch.size(); i++) {
                    values.add(f.get(i));
                    assertEquals((long) f.get(i) % 3, batch.labels()[i]);
                    assertEquals("s" + (long) f.get(i), batch.sampleIds().get(i));
                }
            }
        }
        return values;
    }

    @Test
    void orderLimitOffsetAndDropLast() throws IOException {
        Counting s = new Counting(10);
        assertEquals(List.of(2f, 3f, 4f, 5f, 6f, 7f), drain(s, StreamOptions.of(3).withOffset(2).withLimit(7)));
        assertEquals(List.of(2f, 3f, 4f, 5f, 6f, 7f, 8f),
                drain(s, StreamOptions.of(3).withOffset(2).withLimit(7).withDropLast(false)));
        assertEquals(List.of(), drain(s, StreamOptions.of(3).withOffset(20)));
    }

    @Test
    void resultsDoNotDependOnWorkers() throws IOException {
        Counting s = new Counting(200);
        StreamOptions o = StreamOptions.of(7).withShuffleSeed(42L).withDropLast(false);
        List<Float> one = drain(s, o.withWorkers(1));
        List<Float> four = drain(s, o.withWorkers(4));
        assertEquals(one, four);
        assertEquals(200, new HashSet<>(one).size());
        assertNotEquals(drain(s, StreamOptions.of(200)), one);
        assertNotEquals(one, drain(s, o.withShuffleSeed(43L)));
    }

    @Test
    void memoryIsBoundedByTheQueueNotTheDataset() throws Exception {
        Counting s = new Counting(1_000_000);
        try (BatchStream b = BatchStream.open(s, StreamOptions.of(10).withWorkers(2).withQueueCapacity(2))) {
            assertTrue(b.hasNext());
            Thread.sleep(300);
            long ahead = s.reads.get();
            // the batch taken by hasNext + queue (2 + end-marker slot) + the batch held back (it collects the
            // samples skipped after it when it is the last) + the batch being filled + the in-flight window (4): a
            // bound set by the options, not by the dataset's million samples
            assertTrue(ahead <= 10 * 6 + 4, "read " + ahead + " samples ahead of a consumer that took none");
            b.next();
        }
    }

    @Test
    void badFilesFailNamingTheFileOrAreSkippedAndListed() throws Exception {
        Path root = tmp.resolve("imgs");
        Files.createDirectories(root.resolve("cls"));
        for (int i = 0; i < 5; i++) {
            Files.write(root.resolve("cls/" + i + ".png"), Fixtures.encode(Fixtures.photo(20, 20, i), "png"));
        }
        Files.writeString(root.resolve("cls/2.png"), "garbage");
        Preprocessing p = new Preprocessing("p", 0, 16, Interpolation.BILINEAR, new float[0], new float[0]);
        try (DataSource s = DataSources.open(new DataSpec.ImageFolderSpec(root),
                DataOptions.defaults().withPreprocessing(p), line -> { })) {
            BadSampleException e = assertThrows(BadSampleException.class, () -> {
                try (BatchStream b = BatchStream.open(s, StreamOptions.of(2).withDropLast(false))) {
                    while (b.hasNext()) {
                        b.next();
                    }
                }
            });
            assertTrue(e.getMessage().contains(root.resolve("cls/2.png").toString())
                    && e.getMessage().contains("--on-bad-file skip"), e.getMessage());

            try (BatchStream b = BatchStream.open(s, StreamOptions.of(2).withOnBadFile(BadFilePolicy.SKIP))) {
                List<String> ids = new ArrayList<>();
                List<List<SkippedSample>> perBatch = new ArrayList<>();
                while (b.hasNext()) {
                    Batch batch = b.next();
                    perBatch.add(batch.skipped());
                    assertEquals(2, batch.size());
                    assertArrayEquals(new long[] {2, 3, 16, 16}, batch.shape());
                    ids.addAll(batch.sampleIds());
                }
                assertEquals(List.of("cls/0.png", "cls/1.png", "cls/3.png", "cls/4.png"), ids);
                assertEquals(1, b.skipped().size());
                // recorded once, under the batch that read it
                assertEquals(List.of(List.of(), b.skipped()), perBatch);
                assertEquals(root.resolve("cls/2.png").toString(), b.skipped().get(0).sampleId());
                assertFalse(b.skipped().get(0).reason().isEmpty());
            }
        }
    }

    @Test
    void batchesAreImmutable() throws IOException {
        try (BatchStream b = BatchStream.open(new Counting(4), StreamOptions.of(4))) {
            Batch batch = b.next();
            float[] copy = batch.floatArray();
            copy[0] = 99;
            assertEquals(0f, batch.floats().get(0));
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> batch.floats().put(0, 1f));
            long[] shape = batch.shape();
            shape[0] = 7;
            assertEquals(4, batch.shape()[0]);
            assertThrows(IllegalStateException.class, batch::longs);
        }
    }

    @Test
    void closingEarlyStopsTheThreads() throws Exception {
        Counting s = new Counting(1_000_000);
        BatchStream b = BatchStream.open(s, StreamOptions.of(5));
        b.next();
        b.close();
        Thread.sleep(100);
        long after = s.reads.get();
        Thread.sleep(200);
        assertEquals(after, s.reads.get(), "reading went on after close");
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("nlsig-batches-")) {
                names.add(t.getName());
            }
        }
        assertTrue(names.isEmpty(), "assembler threads still alive: " + names);
    }
}
