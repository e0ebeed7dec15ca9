package io.edgeplane.edge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.control.ControlApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge reload}: ask the running node to re-read its files. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Ask the running node to re-read its configuration files (POST /v1/reload on the control"
                + " API of control.listen in edge.yml). kill -HUP <pid of edge run> does the same.",
                "Exit 0 when applied or unchanged, 1 when the files were rejected (the node keeps its"
                        + " configuration), 2 when no node answers."})
public final class ReloadCommand implements Callable<Integer> {

    @Mixin
    NodeCall node;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = spec.qualifiedName();
        return node.run(spec, (api, err) -> {
            ControlApiClient.Reply reply = api.post("/v1/reload");
            JsonNode body = new ObjectMapper().readTree(reply.body());
            body.path("problems").forEach(p -> err.println(p.asText()));
            if (reply.status() == 200) {
                String result = body.path("result").asText();
                err.println(name + ": " + result + ("unchanged".equals(result) ? ", still" : ", now") + " revision "
                        + body.path("revision").asLong() + (body.has("message") ? " (" + body.get("message").asText() + ")" : ""));
                return ExitStatus.OK;
            }
            err.println(name + ": " + (body.has("error") ? body.get("error").asText() : reply.text()));
            return reply.status() == 422 ? ExitStatus.INVALID_INPUT : ExitStatus.RUNTIME_FAILURE;
        });
    }
}
