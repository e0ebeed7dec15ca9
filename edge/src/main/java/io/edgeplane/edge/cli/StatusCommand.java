package io.edgeplane.edge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge status}: what the running node serves. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show services, versions, containers, their states and connection counts.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotBuilt.report(spec, "it reads the control API and the proxy's container states,"
                + " which issues 4 and 6 build");
    }
}
