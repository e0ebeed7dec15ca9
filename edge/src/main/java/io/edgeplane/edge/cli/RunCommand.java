package io.edgeplane.edge.cli;

import io.edgeplane.edge.node.Node;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edge run}: this server's node, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run this server's parts on the configuration files.",
                "Changes to the files, and SIGHUP, reload them; an invalid change is logged and the running"
                        + " configuration kept. SIGTERM or SIGINT stops (exit 0).",
                "Exit 1 when the configuration is invalid at start, 2 on a runtime failure"
                        + " (damaged state, a port in use)."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        return new Node(options.files()).run();
    }
}
