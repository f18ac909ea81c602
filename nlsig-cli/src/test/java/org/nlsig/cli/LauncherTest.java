package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./nlsig} launcher, run by bash on a stand-in jar (a class that prints its JVM options, echoes standard
 * input and exits with the code it is given) in a copy of the project root: the class-data-sharing archive per
 * subcommand, written once and then used, renamed into place only when whole; the score flags; the exit status and
 * standard input passed through. The real jar is not needed (it is built after the tests).
 */
class LauncherTest {
    @TempDir
    Path root;

    private Path target;

    @BeforeEach
    void standInProject() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the launcher is a bash script");
        Files.copy(Path.of("..", "nlsig"), root.resolve("nlsig"));
        root.resolve("nlsig").toFile().setExecutable(true);
        target = Files.createDirectories(root.resolve("nlsig-cli/target"));
        Path src = Files.createDirectories(root.resolve("stand-in"));
        Files.writeString(src.resolve("StandIn.java"), String.join("\n",
                "public class StandIn {",
                "  public static void main(String[] a) throws Exception {",
                "    System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());",
                "    System.out.println(String.join(\" \", a));",
                "    if (a.length > 1 && a[1].equals(\"stdin\")) System.out.println(new String(System.in.readAllBytes()));",
                "    System.exit(a.length > 1 && a[1].matches(\"[0-9]+\") ? Integer.parseInt(a[1]) : 0);",
                "  }",
                "}"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", src.toString(), src.resolve("StandIn.java").toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "StandIn");
        try (OutputStream file = Files.newOutputStream(target.resolve("nlsig.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("StandIn.class"));
            jar.write(Files.readAllBytes(src.resolve("StandIn.class")));
            jar.closeEntry();
        }
    }

    private record Run(int exit, String out) {
    }

    private Run launch(String stdin, String... args) throws Exception {
        Process p = new ProcessBuilder(Stream.concat(Stream.of(root.resolve("nlsig").toString()), Stream.of(args))
                .toList()).directory(root.toFile()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return new Run(p.exitValue(), out);
    }

    /** The archive appears just after java has exited (a watcher renames it); waits for it. */
    private void awaitArchive(String name) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(target.resolve(name)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(target.resolve(name)), name + " written; target holds " + listing());
        while (hasTemporaryArchives() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(hasTemporaryArchives(), "no temporary archive left: " + listing());
    }

    private boolean hasTemporaryArchives() throws IOException {
        return listing().stream().anyMatch(f -> f.endsWith(".tmp"));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachSubcommandWritesItsOwnArchiveOnceAndThenReadsIt() throws Exception {
        Run first = launch("", "score", "0");
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("-XX:ArchiveClassesAtExit=" + target.resolve("nlsig-score.jsa.")), first.out());
        assertTrue(first.out().contains("-XX:TieredStopAtLevel=1") && first.out().contains("-XX:NewRatio=1"),
                "score's flags: " + first.out());
        awaitArchive("nlsig-score.jsa");

        Run second = launch("", "score", "0");
        assertTrue(second.out().contains("-XX:SharedArchiveFile=" + target.resolve("nlsig-score.jsa")),
                second.out());
        assertFalse(second.out().contains("ArchiveClassesAtExit"), second.out());

        Run other = launch("", "signature", "0");
        assertTrue(other.out().contains("-XX:ArchiveClassesAtExit=" + target.resolve("nlsig-signature.jsa.")),
                "another subcommand, another archive: " + other.out());
        assertFalse(other.out().contains("TieredStopAtLevel"), "long runs keep the JIT: " + other.out());
        awaitArchive("nlsig-signature.jsa");

        Run unknown = launch("", "--version");
        assertTrue(unknown.out().contains("-XX:ArchiveClassesAtExit=" + target.resolve("nlsig.jsa.")), unknown.out());
        awaitArchive("nlsig.jsa");
        launch("", "no-such-command");
        assertEquals(List.of("nlsig-score.jsa", "nlsig-signature.jsa", "nlsig.jar", "nlsig.jsa"), listing().stream()
                .filter(f -> f.startsWith("nlsig")).toList(), "a word that is no subcommand shares nlsig.jsa");
    }

    @Test
    void anArchiveOlderThanTheJarIsWrittenAfresh() throws Exception {
        launch("", "score", "0");
        awaitArchive("nlsig-score.jsa");
        Files.setLastModifiedTime(target.resolve("nlsig.jar"),
                FileTime.fromMillis(Files.getLastModifiedTime(target.resolve("nlsig-score.jsa")).toMillis() + 5000));
        Run rebuilt = launch("", "score", "0");
        assertTrue(rebuilt.out().contains("-XX:ArchiveClassesAtExit="), "a jar newer than the archive: "
                + rebuilt.out());
    }

    @Test
    void exitStatusAndStandardInputPassThroughOnBothPaths() throws Exception {
        for (int round = 0; round < 2; round++) { // first while writing the archive, then reading it
            Run failing = launch("", "score", "3");
            assertEquals(3, failing.exit(), failing.out());
            awaitArchive("nlsig-score.jsa");
            Run reading = launch("rows on stdin", "score", "stdin");
            assertEquals(0, reading.exit(), reading.out());
            assertTrue(reading.out().contains("rows on stdin"), reading.out());
        }
    }

    @Test
    void aHalfWrittenArchiveIsNeverPutInPlace() throws Exception {
        // What a JVM killed while dumping could leave: the launcher's watcher must not rename it into place, or
        // every later run would map it (a truncated archive crashes the JVM with SIGBUS).
        Path fake = target.resolve("nlsig-data.jsa.999999.tmp");
        Files.write(fake, new byte[4096]);
        String script = "writing='" + fake + "'; jsa='" + target.resolve("nlsig-data.jsa") + "'; jar='"
                + target.resolve("nlsig.jar") + "'; launcher=999999; ";
        String launcher = Files.readString(root.resolve("nlsig"));
        int start = launcher.indexOf("  (\n    trap ''");
        int end = launcher.indexOf("  ) </dev/null >/dev/null 2>&1 &", start);
        assertTrue(start > 0 && end > start, "the launcher's watcher block");
        Process p = new ProcessBuilder("/bin/bash", "-c", script + launcher.substring(start, end) + "  )")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        assertEquals(List.of(), listing().stream().filter(f -> f.startsWith("nlsig-data")).toList(),
                "removed, not renamed: " + out);
    }
}
