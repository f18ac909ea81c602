package org.nlsig.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.Sha256;

/**
 * Downloads files into a cache folder and verifies them. A file is written under its final name only after its
 * SHA-256 matched (the bytes go to a temporary file that is renamed, or deleted on any failure), so the cache never
 * holds a partial or wrong file; a verified file is recorded with its size and time in a {@code .sha256} note and
 * never downloaded or hashed again.
 */
public final class DownloadCache {
    private final Path folder;
    private final HttpClient http;
    private final Consumer<String> log;

    /**
     * @param log receives one line per download started or finished, without a program-name prefix: the sink frames
     *            it (the command line's progress notices add "nlsig: ")
     */
    public DownloadCache(Path folder, Consumer<String> log) {
        this.folder = folder;
        this.log = log;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    public Path folder() {
        return folder;
    }

    /** The verified local copy of {@code file}, downloading it first if needed. */
    public Path fetch(RemoteFile file) throws IOException {
        Path target = folder.resolve(file.fileName());
        if (isVerified(target, file.sha256())) {
            return target;
        }
        if (Files.isRegularFile(target)) {
            // A file someone placed by hand: accept it if its content is right.
            if (sha256(target).equals(file.sha256())) {
                recordVerified(target, file.sha256());
                return target;
            }
            log.accept(target + " does not have the expected SHA-256; downloading it again");
        }
        List<String> failures = new ArrayList<>();
        for (URI url : file.urls()) {
            try {
                download(url, target, file.sha256());
                recordVerified(target, file.sha256());
                return target;
            } catch (IOException e) {
                // Connection failures often carry no message; their type is the explanation then.
                failures.add(url + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + url + " interrupted", e);
            }
        }
        throw new IOException("could not download " + file.fileName() + " into " + folder + ": "
                + String.join("; ", failures));
    }

    private void download(URI url, Path target, String expectedSha) throws IOException, InterruptedException {
        log.accept("downloading " + url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest digest = Sha256.newDigest();
            long[] received = {0};
            AtomicFile.write(target, out -> {
                copy(new DigestInputStream(body, digest), out, received);
                if (declared >= 0 && received[0] != declared) {
                    throw new IOException("connection closed after " + received[0] + " of " + declared + " bytes");
                }
                String actual = Sha256.hex(digest);
                if (!actual.equals(expectedSha)) {
                    throw new IOException("SHA-256 mismatch: expected " + expectedSha + ", got " + actual
                            + " (" + received[0] + " bytes); nothing was kept");
                }
            });
            log.accept("saved " + target + " (" + received[0] + " bytes, SHA-256 verified)");
        }
    }

    private static void copy(InputStream in, OutputStream out, long[] count) throws IOException {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            count[0] += n;
        }
    }

    private static Path noteOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".sha256");
    }

    private static boolean isVerified(Path target, String sha) throws IOException {
        Path note = noteOf(target);
        if (!Files.isRegularFile(target) || !Files.isRegularFile(note)) {
            return false;
        }
        return Files.readString(note, StandardCharsets.UTF_8).trim().equals(noteText(target, sha));
    }

    private static void recordVerified(Path target, String sha) throws IOException {
        AtomicFile.writeString(noteOf(target), noteText(target, sha) + "\n");
    }

    private static String noteText(Path target, String sha) throws IOException {
        return sha + " " + Files.size(target) + " " + Files.getLastModifiedTime(target).toMillis();
    }

    static String sha256(Path file) throws IOException {
        return Sha256.of(file);
    }
}
