package org.nlsig.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nlsig help [COMMAND [SUBCOMMAND...]]}: the help of any command, nested ones included ({@code nlsig help
 * data preview}); picocli's own help command only looks one level down.
 */
@Command(name = "help", helpCommand = true, description = "Shows the help of a command: nlsig help signature, "
        + "nlsig help data preview.")
final class NestedHelpCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommands")
    List<String> path = new ArrayList<>();

    @Override
    public void run() {
        CommandLine parent = spec.commandLine().getParent();
        CommandLine target = parent;
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown command '"
                        + String.join(" ", path) + "': '" + name + "' is not a subcommand of '"
                        + target.getCommandSpec().qualifiedName() + "' (it has "
                        + String.join(", ", target.getSubcommands().keySet()) + ")");
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }
}
