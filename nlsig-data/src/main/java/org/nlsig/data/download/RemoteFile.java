package org.nlsig.data.download;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A file to fetch: its name in the cache, where it can be downloaded (tried in order), and the SHA-256 it must
 * have.
 */
public record RemoteFile(String fileName, List<URI> urls, String sha256) {
    public RemoteFile {
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no URL to download it from");
        }
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(fileName + ": not a SHA-256 digest: " + sha256);
        }
        urls = List.copyOf(urls);
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /** The same file fetched from {@code base + fileName} instead (a mirror or a local test server). */
    public RemoteFile fromMirror(URI base) {
        String b = base.toString();
        return new RemoteFile(fileName, List.of(URI.create(b.endsWith("/") ? b + fileName : b + "/" + fileName)), sha256);
    }
}
