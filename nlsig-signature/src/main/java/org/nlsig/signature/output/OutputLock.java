package org.nlsig.signature.output;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nlsig.io.UserInputException;

/**
 * One writer per output folder: {@value #FILE_NAME} in the folder, held with an operating-system file lock
 * ({@link FileChannel#tryLock}) for the whole run and holding its owner's PID, host, process start and lock time.
 * A second run into the folder while the first runs is refused, naming the folder and the other PID. The file's
 * content backs the OS lock where it is unreliable (network file systems): a recorded owner that is still alive is
 * refused too; one that is gone (a killed run) is taken over with a notice. On release the content is cleared
 * (the empty file stays: deleting a lock file races with a process that has just opened it).
 */
public final class OutputLock implements AutoCloseable {
    public static final String FILE_NAME = ".nlsig-lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of dir (which must exist).
     *
     * @param notice hears about a stale lock taken over
     * @throws UserInputException when another run holds it
     */
    public static OutputLock acquire(Path dir, Consumer<String> notice) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this JVM
            }
            Map<String, String> owner = parse(read(ch));
            if (lock == null) {
                throw busy(dir, owner);
            }
            long self = ProcessHandle.current().pid();
            String pid = owner.get("pid");
            if (pid != null && !pid.equals(String.valueOf(self))) {
                if (sameHost(owner) && alive(owner)) {
                    // the OS lock said free, but the owner runs: a file system without working locks
                    lock.release();
                    throw busy(dir, owner);
                }
                notice.accept("took over a stale lock in " + dir + " left by PID " + pid
                        + (owner.containsKey("host") ? " on " + owner.get("host") : "")
                        + " (no longer running; its run was interrupted)");
            }
            write(ch, describe(self));
            ok = true;
            return new OutputLock(file, ch, lock);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** Clears the owner and releases the lock; idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.truncate(0);
            channel.force(true);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    public Path file() {
        return file;
    }

    private static UserInputException busy(Path dir, Map<String, String> owner) {
        String who = owner.containsKey("pid") ? "PID " + owner.get("pid")
                + (owner.containsKey("host") ? " on " + owner.get("host") : "")
                + (owner.containsKey("locked") ? ", since " + owner.get("locked") : "")
                : "another process";
        return new UserInputException("the output folder " + dir + " is in use by another nlsig run (" + who
                + "); wait for it to finish, or use another --out");
    }

    private static boolean alive(Map<String, String> owner) {
        long pid;
        try {
            pid = Long.parseLong(owner.get("pid"));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        // a reused PID belongs to a process started at another time
        String recorded = owner.get("process_start");
        Optional<Instant> start = p.get().info().startInstant();
        return recorded == null || start.isEmpty() || recorded.equals(start.get().toString());
    }

    private static boolean sameHost(Map<String, String> owner) {
        String host = owner.get("host");
        return host == null || host.equals(host());
    }

    private static String describe(long pid) {
        StringBuilder b = new StringBuilder();
        b.append("pid=").append(pid).append('\n');
        b.append("host=").append(host()).append('\n');
        ProcessHandle.current().info().startInstant()
                .ifPresent(t -> b.append("process_start=").append(t).append('\n'));
        b.append("locked=").append(Instant.now()).append('\n');
        return b.toString();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        ch.position(0);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // read up to size bytes
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return m;
    }

    private static void write(FileChannel ch, String text) throws IOException {
        ch.truncate(0);
        ch.position(0);
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        ch.force(true);
    }
}
