package org.nlsig.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex, the form {@code sha256sum} prints (model files, downloads, run fingerprints). */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh SHA-256 digest (every Java runtime has one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Of the text's UTF-8 bytes. */
    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Of a file's bytes, streamed. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        update(digest, file);
        return hex(digest);
    }

    /** Feeds a file's bytes to the digest, streamed in 1 MB reads. */
    public static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int k; (k = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, k);
            }
        }
    }
}
