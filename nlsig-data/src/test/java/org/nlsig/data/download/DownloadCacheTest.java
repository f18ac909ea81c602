package org.nlsig.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.source.DataOptions;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.testing.Fixtures;

/** Downloads against a local HTTP server on 127.0.0.1 (no internet in tests). */
class DownloadCacheTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = files.get(name);
            if (name.startsWith("cut/")) {
                // Promise the whole file, send half, hang up.
                byte[] whole = files.get(name.substring(4));
                exchange.sendResponseHeaders(200, whole.length);
                OutputStream out = exchange.getResponseBody();
                out.write(whole, 0, whole.length / 2);
                out.flush();
                exchange.close();
                return;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
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
        files.put("data.bin", data);
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), log::add);
        RemoteFile remote = new RemoteFile("data.bin", List.of(url("data.bin")), sha256(data));
        Path got = cache.fetch(remote);
        assertArrayEquals(data, Files.readAllBytes(got));
        assertEquals(1, hits.get("data.bin").get());
        assertEquals(got, cache.fetch(remote));
        assertEquals(got, new DownloadCache(tmp.resolve("cache"), log::add).fetch(remote));
        assertEquals(1, hits.get("data.bin").get(), "a verified file was downloaded again");
        assertTrue(log.stream().anyMatch(l -> l.contains("SHA-256 verified")), log.toString());
    }

    @Test
    void wrongChecksumLeavesNothingBehind() throws Exception {
        files.put("data.bin", "tampered".getBytes());
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
        files.put("data.bin", data);
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
        files.put("data.bin", data);
        Path dir = tmp.resolve("cache");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data.bin"), "stale");
        RemoteFile remote = new RemoteFile("data.bin", List.of(url("data.bin")), sha256(data));
        assertArrayEquals(data, Files.readAllBytes(new DownloadCache(dir, log::add).fetch(remote)));
    }

    @Test
    void namedDatasetsDownloadThroughAMirrorAndAreCheckedAgainstTheOfficialDigests() throws Exception {
        // The test server has fake MNIST files: the official SHA-256 must reject them, leaving no file.
        files.put("t10k-images-idx3-ubyte.gz", Fixtures.gzip(Fixtures.idxImages(3, 28, 28)));
        DataOptions options = DataOptions.defaults().withCacheDir(tmp.resolve("cache")).withMirror(url(""));
        IOException e = assertThrows(IOException.class, () -> DataSources.open("mnist", options));
        assertTrue(e.getMessage().contains("SHA-256 mismatch") && e.getMessage().contains("t10k-images-idx3-ubyte.gz"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/mnist/t10k-images-idx3-ubyte.gz")));
        assertEquals(1, KnownDatasets.files("cifar10", false).size());
        assertTrue(KnownDatasets.files("mnist", true).get(0).urls().get(0).toString().endsWith("train-images-idx3-ubyte.gz"));
    }

    @Test
    void namedDatasetOpensFromVerifiedDownload() throws Exception {
        // A self-consistent stand-in for the real archive: same names, digests of the served bytes.
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.tarGz(archive, Map.of("cifar-10-batches-bin/test_batch.bin", Fixtures.cifarRecords(4, 1)));
        byte[] bytes = Files.readAllBytes(archive);
        files.put("cifar-10-binary.tar.gz", bytes);
        DownloadCache cache = new DownloadCache(tmp.resolve("cache/cifar10"), log::add);
        RemoteFile remote = new RemoteFile("cifar-10-binary.tar.gz", List.of(url("cifar-10-binary.tar.gz")), sha256(bytes));
        Path local = cache.fetch(remote);
        try (DataSource s = DataSources.open("cifar10:" + local.getParent(),
                DataOptions.defaults().withCacheDir(tmp.resolve("cache")))) {
            assertEquals(4, s.size());
        }
    }
}
