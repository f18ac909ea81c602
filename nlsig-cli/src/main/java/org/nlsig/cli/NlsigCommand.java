package org.nlsig.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nlsig} command: each job is a subcommand in its own class. */
@Command(name = "nlsig",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Non-linearity signatures of deep neural networks: the affinity score of every activation "
                + "function, from ONNX models and real data."})
public final class NlsigCommand implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(NestedHelpCommand.class, DataCommand.class,
            InspectCommand.class, ScoreCommand.class, SignatureCommand.class, StudyCommand.class, BenchCommand.class,
            DemoCommand.class, GeodesicCommand.class, CompareCommand.class, ActivationsCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(newCommandLine(args), args));
    }

    /**
     * Runs the command line; unlike {@link CommandLine#execute}, also reports {@link Error}s (an OutOfMemoryError
     * in a command escapes picocli) through the error handler, so they get the log file and exit code 70 too.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            if (!(cl.getExecutionExceptionHandler() instanceof UserErrorHandler handler)) {
                throw e;
            }
            return handler.handle(e, failedCommand(cl), List.of(args));
        }
    }

    /** The deepest subcommand the arguments selected, or {@code cl} if they were not parsed. */
    private static CommandLine failedCommand(CommandLine cl) {
        CommandLine.ParseResult p = cl.getParseResult();
        if (p == null) {
            return cl;
        }
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.commandSpec().commandLine();
    }

    /** The configured command line with every subcommand (also used by tests, which call execute). */
    public static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when they start with a subcommand's name, only that subcommand
     * is built. Building all eleven, with their nested commands and mixins, is most of the JVM's start-up: picocli
     * reads every annotation by reflection (about 1,400 classes loaded for {@code --version}, 0.4 s, against 0.04 s
     * for an empty program). Anything else (no arguments, {@code --help}, {@code help A B}, a mistyped name) gets them all, so usage
     * and suggestions list every command; the commands and their messages are the same either way.
     */
    static CommandLine newCommandLine(String[] args) {
        CommandLine cl = new CommandLine(new NlsigCommand());
        Class<?> only = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(c -> c != NestedHelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(new CommandLine(c));
            }
        }
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // every floating-point option of every command: NaN and infinities are refused, naming the option
        cl.registerConverter(Double.class, new OptionTypes.FiniteDouble());
        cl.registerConverter(Double.TYPE, new OptionTypes.FiniteDouble());
        cl.registerConverter(Float.class, new OptionTypes.FiniteFloat());
        cl.registerConverter(Float.TYPE, new OptionTypes.FiniteFloat());
        // bench signature reuses signature's options but times into a temporary folder: its output options would
        // do nothing, so they are not offered
        CommandLine benchCommand = cl.getSubcommands().get("bench");
        if (benchCommand != null) {
            CommandLine.Model.CommandSpec bench = benchCommand.getSubcommands().get("signature").getCommandSpec();
            for (String name : BenchCommand.SignatureOverhead.UNUSED_OPTIONS) {
                bench.remove(bench.findOption(name));
            }
        }
        return cl;
    }
}
