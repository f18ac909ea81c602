package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One grammar for every command: each takes --help, and {@code nlsig help A B} reaches nested subcommands. */
class CliGrammarTest {

    /** Every command path below {@code nlsig}, e.g. [data, preview]. */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().helpCommand()) {
                return;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            out.add(p);
            out.addAll(paths(sub, p));
        });
        return out;
    }

    @Test
    void everyCommandAndSubcommandTakesHelpAndHelpReachesIt() {
        List<List<String>> all = paths(NlsigCommand.newCommandLine(), List.of());
        assertTrue(all.size() >= 14, "command paths: " + all);
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            ScoreCommandTest.Run viaOption = ScoreCommandTest.run(args.toArray(String[]::new));
            String usage = "Usage: nlsig " + String.join(" ", path);
            assertEquals(0, viaOption.exit(), path + " --help: " + viaOption.err());
            assertTrue(viaOption.out().startsWith(usage), path + " --help: " + viaOption.out());

            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(path);
            ScoreCommandTest.Run viaHelp = ScoreCommandTest.run(help.toArray(String[]::new));
            assertEquals(0, viaHelp.exit(), "help " + path + ": " + viaHelp.err());
            assertEquals(viaOption.out(), viaHelp.out(), "help " + path + " shows the same text as --help");
        }
    }

    @Test
    void helpOfAnUnknownSubcommandSaysWhatThereIs() {
        ScoreCommandTest.Run r = ScoreCommandTest.run("help", "data", "nope");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'nope' is not a subcommand of 'nlsig data' (it has preview)"), r.err());
    }

    @Test
    void benchSignatureOffersNoOptionThatDoesNothing() {
        ScoreCommandTest.Run help = ScoreCommandTest.run("bench", "signature", "--help");
        assertEquals(0, help.exit());
        for (String name : BenchCommand.SignatureOverhead.UNUSED_OPTIONS) {
            // an option line of the usage: indented, the option first (the footer's example may name --out)
            assertTrue(!java.util.regex.Pattern.compile("(?m)^\\s+" + name + "\\b").matcher(help.out()).find()
                    && !help.out().contains("[" + name), name + ":\n" + help.out());
        }
        assertTrue(help.out().contains("--batch-size") && help.out().contains("--repeat"), help.out());
        ScoreCommandTest.Run resume = ScoreCommandTest.run("bench", "signature", "m.onnx", "--data", "random:3",
                "--resume");
        assertEquals(2, resume.exit());
        assertTrue(resume.err().contains("Unknown option: '--resume'"), resume.err());
    }
}
