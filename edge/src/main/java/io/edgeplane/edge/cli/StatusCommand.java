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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge status}: what the running node serves. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show services, versions, containers, their states and connection counts, and listeners,"
                + " as the running node (control.listen in edge.yml) serves them.",
                "Exit 2 when no node answers."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = {"-c", "--config"}, paramLabel = "edge.yml",
            description = "The node's settings, to find its control API (default: ./edge.yml when present).")
    Path edge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            StatusReport report = StatusReport.gather(ControlApiClient.forNode(ConfigFiles.resolve(edge, null, null)));
            spec.commandLine().getOut().print(json
                    ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()) + "\n"
                    : StatusTable.render(report));
            spec.commandLine().getOut().flush();
            return ExitStatus.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitStatus.RUNTIME_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.RUNTIME_FAILURE;
        }
    }
}
