package io.edgeplane.edge;

import io.edgeplane.edge.cli.CheckCommand;
import io.edgeplane.edge.cli.DemoCommand;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.edge.cli.OverlayCommand;
import io.edgeplane.edge.cli.ReloadCommand;
import io.edgeplane.edge.cli.RunCommand;
import io.edgeplane.edge.cli.StatusCommand;
import io.edgeplane.edge.cli.VersionProvider;
import io.edgeplane.edge.log.ConsoleLogging;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code edge} program: one binary for the proxy, ElasticDNS and ContainerNet. */
@Command(name = "edge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Edge proxy, ElasticDNS and ContainerNet for one server of an application.",
        footer = {"", "Exit status: 0 ok, 1 invalid input, 2 runtime failure."},
        subcommands = {RunCommand.class, DemoCommand.class, CheckCommand.class, ReloadCommand.class,
                StatusCommand.class, OverlayCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "edge needs a command");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit status. */
    public static int execute(String... args) {
        ConsoleLogging.install();
        return commandLine().execute(args);
    }

    /** The command line with edge's exit statuses and error reports, ready to execute. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine where = e.getCommandLine();
            PrintWriter err = where.getErr();
            err.println(where.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + where.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitStatus.INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e);
            e.printStackTrace(commandLine.getErr());
            commandLine.getErr().flush();
            return ExitStatus.RUNTIME_FAILURE;
        });
        return cli;
    }
}
