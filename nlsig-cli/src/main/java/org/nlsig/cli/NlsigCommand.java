package org.nlsig.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nlsig} command: each job is a subcommand in its own class. */
@Command(name = "nlsig",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Non-linearity signatures of deep neural networks: the affinity score of every activation "
                + "function, from ONNX models and real data."},
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            InspectCommand.class,
            ScoreCommand.class,
            SignatureCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            GeodesicCommand.class,
            CompareCommand.class,
            ActivationsCommand.class,
        })
public final class NlsigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line (also used by tests, which call execute and read the exit code). */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new NlsigCommand());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
