package io.edgeplane.edge.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The answer of a command whose part does not exist yet: say so plainly and fail, rather than
 * pretend to work. Each such command keeps its real options and help, so scripts and docs can be
 * written against it now.
 */
final class NotBuilt {

    private NotBuilt() {
    }

    /** Prints e.g. {@code edge demo: not built yet (issue 10): ...} and returns exit status 2. */
    static int report(CommandSpec spec, String what) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": not built yet (" + what + ")");
        spec.commandLine().getErr().flush();
        return ExitStatus.RUNTIME_FAILURE;
    }
}
