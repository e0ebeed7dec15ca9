package io.edgeplane.edge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge reload}: ask the running node to re-read its files. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Ask the running node to re-read its configuration files (POST /v1/reload).",
                "Until then: kill -HUP <pid of edge run> does the same."})
public final class ReloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotBuilt.report(spec, "it calls the control API, which issue 6 builds;"
                + " send SIGHUP to the edge run process meanwhile");
    }
}
