package org.nlsig.data.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.Limits;
import org.nlsig.io.Sha256;
import org.nlsig.io.UserInputException;

/**
 * Unpacks compressed inputs (.gz, .tar.gz) once into the cache so samples can be read by random access (gzip
 * cannot seek) without holding the data in memory. The cache key is the archive's absolute path, size and
 * modification time, so a changed archive is unpacked again; files are written atomically, so an interrupted run
 * never leaves a partial file behind.
 */
public final class Unpacker {
    private Unpacker() {
    }

    /** The gunzipped content of {@code gz}, as a file in the cache, of at most {@link Limits#DEFAULT_MAX_UNPACKED_BYTES}. */
    public static Path gunzip(Path gz, Path cacheDir) throws IOException {
        return gunzip(gz, cacheDir, Limits.DEFAULT_MAX_UNPACKED_BYTES);
    }

    /**
     * The gunzipped content of {@code gz}, as a file in the cache; content longer than {@code maxBytes} is refused
     * (a corrupt or hostile file) and nothing of it is left in the cache.
     */
    public static Path gunzip(Path gz, Path cacheDir, long maxBytes) throws IOException {
        Path dir = cacheFolder(gz, cacheDir);
        String name = gz.getFileName().toString().replaceFirst("(?i)\\.gz$", "");
        Path target = dir.resolve(name.isEmpty() ? "content" : name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        AtomicFile.write(target, out -> {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(gz)), 1 << 16)) {
                copyAtMost(in, out, maxBytes, gz);
            } catch (java.util.zip.ZipException e) {
                throw new IOException(gz + ": not a valid gzip file (" + e.getMessage() + ")", e);
            } catch (EOFException e) {
                throw truncated(gz, e);
            }
        });
        return target;
    }

    /**
     * Extracts the regular-file members of a .tar.gz whose path matches {@code wanted}; returns member path to
     * extracted file, in archive order.
     */
    public static Map<String, Path> untarGz(Path archive, Path cacheDir, Predicate<String> wanted) throws IOException {
        Path dir = cacheFolder(archive, cacheDir);
        Path index = dir.resolve(".members");
        Map<String, Path> found = new LinkedHashMap<>();
        if (Files.isRegularFile(index)) {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (!line.isEmpty() && wanted.test(line) && Files.isRegularFile(dir.resolve(safeName(line)))) {
                    found.put(line, dir.resolve(safeName(line)));
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        StringBuilder members = new StringBuilder();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            byte[] header = new byte[512];
            while (true) {
                int got = in.readNBytes(header, 0, 512);
                if (got < 512 || isZeroBlock(header)) {
                    break;
                }
                String prefix = tarString(header, 345, 155);
                String name = !prefix.isEmpty() && "ustar".equals(tarString(header, 257, 5))
                        ? prefix + "/" + tarString(header, 0, 100) : tarString(header, 0, 100);
                long size = parseOctal(header, 124, 12, archive);
                if (size > Limits.DEFAULT_MAX_UNPACKED_BYTES) {
                    throw new UserInputException(archive + ": member " + name + " claims " + size + " bytes, more than "
                            + Limits.DEFAULT_MAX_UNPACKED_BYTES + " (a corrupt or hostile archive?)");
                }
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                boolean regular = type == '0' || type == 0;
                if (regular) {
                    members.append(name).append('\n');
                }
                if (regular && wanted.test(name)) {
                    Path target = dir.resolve(safeName(name));
                    AtomicFile.write(target, out -> copyExactly(in, out, size, archive, name));
                    skipExactly(in, padded - size, archive);
                    found.put(name, target);
                } else {
                    skipExactly(in, padded, archive);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(archive + ": not a valid .tar.gz file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw truncated(archive, e);
        }
        AtomicFile.writeString(index, members.toString());
        return found;
    }

    /** {@code in} to {@code out}; more than {@code maxBytes} bytes is an error naming {@code source}. */
    static void copyAtMost(InputStream in, OutputStream out, long maxBytes, Path source) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new UserInputException(source + ": unpacks to more than " + maxBytes + " bytes, more than "
                        + "its content can be (a corrupt or hostile file?); nothing was kept in the cache");
            }
            out.write(buf, 0, n);
        }
    }

    private static IOException truncated(Path file, EOFException e) {
        return new IOException(file + ": truncated or corrupt compressed file (its data ends early: "
                + e.getMessage() + ")", e);
    }

    private static Path cacheFolder(Path file, Path cacheDir) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        long size = Files.size(abs);
        FileTime mtime = Files.getLastModifiedTime(abs);
        String key = abs + "\n" + size + "\n" + mtime.toMillis();
        String base = abs.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return cacheDir.resolve("unpacked").resolve(base + "-" + Sha256.of(key).substring(0, 16));
    }

    /** Member paths flattened to one safe file name (no directory escapes from crafted archives). */
    private static String safeName(String member) {
        return member.replace('/', '_').replace('\\', '_').replace("..", "__");
    }

    private static void copyExactly(InputStream in, java.io.OutputStream out, long size, Path archive, String name)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(archive + ": truncated archive (member " + name + " is cut short)");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skipExactly(InputStream in, long n, Path archive) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException(archive + ": truncated archive");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static boolean isZeroBlock(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String tarString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long parseOctal(byte[] b, int off, int len, Path archive) throws IOException {
        String s = tarString(b, off, len);
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(archive + ": not a tar archive (bad size field '" + s + "')");
        }
    }
}
