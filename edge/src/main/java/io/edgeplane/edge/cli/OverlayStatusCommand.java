package io.edgeplane.edge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.control.ControlApiClient;
import io.edgeplane.edge.overlay.OverlayReport;
import io.edgeplane.edge.overlay.OverlayStatusTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge overlay status}: the running node's GET /v1/overlay, as a table or JSON. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show this node's cnet0, its peers (slice, endpoint, latest handshake), traffic and drops,",
                "as the running node (control.listen in edge.yml) reports them. Exit 2 when no node answers",
                "or ContainerNet does not run on it."})
public final class OverlayStatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    NodeCall node;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return node.run(spec, (api, err) -> {
            ControlApiClient.Reply reply = api.get("/v1/overlay");
            ObjectMapper mapper = new ObjectMapper();
            JsonNode body = mapper.readTree(reply.body());
            if (reply.status() != 200) {
                err.println(spec.qualifiedName() + ": " + (body != null && body.has("error") ? body.get("error").asText()
                        : reply.status() + " " + reply.text()));
                return ExitStatus.RUNTIME_FAILURE;
            }
            spec.commandLine().getOut().print(json ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n"
                    : OverlayStatusTable.render(OverlayReport.fromJson(body)));
            return ExitStatus.OK;
        });
    }
}
