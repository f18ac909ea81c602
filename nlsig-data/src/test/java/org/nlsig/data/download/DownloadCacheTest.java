package org.nlsig.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.source.DataOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.DataSpec;
import org.nlsig.data.source.Split;
import org.nlsig.data.testing.Fixtures;
import org.nlsig.data.testing.LocalServer;

/** Downloads against a local HTTP server on 127.0.0.1 (no internet in tests). */
class DownloadCacheTest {
    @TempDir
    Path tmp;

    private LocalServer server;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = LocalServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI url(String path) {
        return server.url(path);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.contains("part")).toList();
        }
    }

    @Test
    void downloadsVerifiesAndNeverDownloadsAgain() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(1).nextBytes(data);
        server.serve("data.bin", data);
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), log::add);
        RemoteFile remote = new RemoteFile("data.bin", List.of(url("data.bin")), sha256(data));
        Path got = cache.fetch(remote);
        assertArrayEquals(data, Files.readAllBytes(got));
        assertEquals(1, server.hits("data.bin"));
        assertEquals(got, cache.fetch(remote));
        assertEquals(got, new DownloadCache(tmp.resolve("cache"), log::add).fetch(remote));
        assertEquals(1, server.hits("data.bin"), "a verified file was downloaded again");
        assertTrue(log.stream().anyMatch(l -> l.contains("SHA-256 verified")), log.toString());
    }

    @Test
    void wrongChecksumLeavesNothingBehind() throws Exception {
        server.serve("data.bin", "tampered".getBytes());
        Path dir = tmp.resolve("cache");
        DownloadCache cache = new DownloadCache(dir, log::add);
        RemoteFile remote = new RemoteFile("data.bin", List.of(url("data.bin")), sha256("original".getBytes()));
        IOException e = assertThrows(IOException.class, () -> cache.fetch(remote));
        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data.bin")));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void brokenTransferLeavesNoPartialFileAndTheNextUrlIsTried() throws Exception {
        byte[] data = new byte[200_000];
        new java.util.Random(2).nextBytes(data);
        server.serve("data.bin", data);
        Path dir = tmp.resolve("cache");
        DownloadCache cache = new DownloadCache(dir, log::add);
        RemoteFile cutOnly = new RemoteFile("data.bin", List.of(url("cut/data.bin"), url("missing.bin")), sha256(data));
        IOException e = assertThrows(IOException.class, () -> cache.fetch(cutOnly));
        assertTrue(e.getMessage().contains("cut/data.bin") && e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data.bin")));
        assertEquals(List.of(), leftovers(dir));

        RemoteFile withMirror = new RemoteFile("data.bin", List.of(url("cut/data.bin"), url("data.bin")), sha256(data));
        assertArrayEquals(data, Files.readAllBytes(cache.fetch(withMirror)));
    }

    @Test
    void aCorruptedCachedFileIsReplaced() throws Exception {
        byte[] data = "the real content".getBytes();
        server.serve("data.bin", data);
        Path dir = tmp.resolve("cache");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.bin"), "stale");
        RemoteFile remote = new RemoteFile("data.bin", List.of(url("data.bin")), sha256(data));
        assertArrayEquals(data, Files.readAllBytes(new DownloadCache(dir, log::add).fetch(remote)));
    }

    @Test
    void namedDatasetsDownloadThroughAMirrorAndAreCheckedAgainstTheOfficialDigests() throws Exception {
        // The test server has fake MNIST files: the official SHA-256 must reject them, leaving no file.
        server.serve("t10k-images-idx3-ubyte.gz", Fixtures.gzip(Fixtures.idxImages(3, 28, 28)));
        DataOptions options = DataOptions.defaults().withCacheDir(tmp.resolve("cache")).withMirror(url(""));
        IOException e = assertThrows(IOException.class,
                () -> DataSources.open(DataSpec.parse("mnist"), options, log::add));
        assertTrue(e.getMessage().contains("SHA-256 mismatch") && e.getMessage().contains("t10k-images-idx3-ubyte.gz"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/mnist/t10k-images-idx3-ubyte.gz")));
        assertEquals(1, KnownDatasets.files("cifar10", false).size());
        assertTrue(KnownDatasets.files("mnist", true).get(0).urls().get(0).toString().endsWith("train-images-idx3-ubyte.gz"));
    }

    @Test
    void downloadProgressReachesTheSinkPassedToOpen() throws Exception {
        // The official digests reject the server's stand-in, but the download announces itself before that.
        server.serve("train-images-idx3-ubyte.gz", Fixtures.gzip(Fixtures.idxImages(3, 28, 28)));
        DataOptions options = DataOptions.defaults().withCacheDir(tmp.resolve("cache")).withMirror(url(""));
        DataSpec spec = DataSpec.parse("fashion-mnist,split=train");
        assertEquals(new DataSpec.DownloadSpec("fashion-mnist", Split.TRAIN), spec);
        List<String> progress = new ArrayList<>();
        assertThrows(IOException.class, () -> DataSources.open(spec, options, progress::add));
        assertEquals(List.of("downloading " + url("train-images-idx3-ubyte.gz")), progress);
        assertEquals(1, server.hits("train-images-idx3-ubyte.gz"));
        assertEquals(List.of(), log);
    }

    @Test
    void namedDatasetOpensFromVerifiedDownload() throws Exception {
        // A self-consistent stand-in for the real archive: same names, digests of the served bytes.
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.tarGz(archive, Map.of("cifar-10-batches-bin/test_batch.bin", Fixtures.cifarRecords(4, 1)));
        byte[] bytes = Files.readAllBytes(archive);
        server.serve("cifar-10-binary.tar.gz", bytes);
        DownloadCache cache = new DownloadCache(tmp.resolve("cache/cifar10"), log::add);
        RemoteFile remote = new RemoteFile("cifar-10-binary.tar.gz", List.of(url("cifar-10-binary.tar.gz")), sha256(bytes));
        Path local = cache.fetch(remote);
        try (DataSource s = DataSources.open(DataSpec.parse("cifar10:" + local.getParent()),
                DataOptions.defaults().withCacheDir(tmp.resolve("cache")), log::add)) {
            assertEquals(4, s.size());
        }
    }
}
