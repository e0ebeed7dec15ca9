package io.edgeplane.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.control.ControlApiClient;
import io.edgeplane.edge.status.StatusReport;
import io.edgeplane.edge.status.StatusTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge status}: what the running node serves. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show services, versions, containers, their states and connection counts, listeners,"
                + " the DNS cache's figures and the overlay's peers with their traffic, as the running node"
                + " (control.listen in edge.yml) serves them.",
                "Exit 2 when no node answers."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    NodeCall node;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return node.run(spec, (api, err) -> {
            StatusReport report = StatusReport.gather(api);
            spec.commandLine().getOut().print(json
                    ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()) + "\n"
                    : StatusTable.render(report));
            return ExitStatus.OK;
        });
    }
}
