package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The start-up path builds only the subcommand the arguments name; what a user sees must not depend on it: the same
 * usage, the same options, the same messages as with the full command tree, and the full tree whenever the first
 * argument is not a subcommand.
 */
class StartupPathTest {
    private static String usage(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aNamedSubcommandIsBuiltAloneAndReadsAsInTheFullTree() {
        CommandLine full = NlsigCommand.newCommandLine();
        for (String name : full.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine only = NlsigCommand.newCommandLine(new String[] {name, "--help"});
            assertEquals(Set.of(name), only.getSubcommands().keySet(), name);
            assertEquals(usage(full.getSubcommands().get(name)), usage(only.getSubcommands().get(name)), name);
        }
    }

    @Test
    void anythingElseGetsEverySubcommand() {
        Set<String> all = NlsigCommand.newCommandLine().getSubcommands().keySet();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("help", "score"),
                List.of("scor"), List.of("--version"))) {
            assertEquals(all, NlsigCommand.newCommandLine(args.toArray(String[]::new)).getSubcommands().keySet(),
                    args.toString());
        }
    }

    /**
     * The launcher keeps one class-data-sharing archive per subcommand it knows by name; a subcommand missing from its
     * list would share the archive of whatever ran first, and lose most of the archive's gain.
     */
    @Test
    void theLaunchersListOfSubcommandsIsTheCommandTrees() throws IOException {
        Path launcher = Path.of("..", "nlsig");
        List<String> lines = Files.readAllLines(launcher);
        String line = lines.stream().filter(l -> l.startsWith("commands=\"")).findFirst()
                .orElseThrow(() -> new AssertionError(launcher + " has no commands=\"...\" line"));
        String list = line.substring("commands=\"".length(), line.indexOf('"', "commands=\"".length()));
        assertTrue(list.startsWith(" ") && list.endsWith(" "), "the launcher matches \" NAME \": " + line);
        Set<String> inLauncher = new TreeSet<>(Arrays.asList(list.trim().split(" +")));
        assertEquals(new TreeSet<>(NlsigCommand.newCommandLine().getSubcommands().keySet()), inLauncher);
    }

    @Test
    void benchSignatureStillHidesTheOptionsItIgnores() {
        CommandLine only = NlsigCommand.newCommandLine(new String[] {"bench"});
        CommandLine.Model.CommandSpec spec = only.getSubcommands().get("bench").getSubcommands().get("signature")
                .getCommandSpec();
        for (String name : BenchCommand.SignatureOverhead.UNUSED_OPTIONS) {
            assertEquals(null, spec.findOption(name), name);
        }
    }
}
