package io.edgeplane.edge.cli;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.control.ControlApiClient;
import io.edgeplane.edge.overlay.ContainerAttach;
import io.edgeplane.edge.overlay.RegistryEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge overlay detach}: unregister a container and unplug its namespace. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Reverse attach: unregister the container, then remove its veth, route and resolv.conf.",
                "Safe to repeat."})
public final class OverlayDetachCommand implements Callable<Integer> {

    @Option(names = "--netns", required = true, paramLabel = "NS", description = "The network namespace.")
    String netns;

    @Option(names = "--id", paramLabel = "ID", description = "The container's id, as given to attach (default: NS).")
    String id;

    @Mixin
    NodeCall node;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = spec.qualifiedName();
        String container = id == null ? netns : id;
        return node.run(spec, (api, err) -> {
            ContainerAttach attach = new ContainerAttach(api.settings(), RegistryEndpoint.of(api), Path.of("/etc/netns"));
            boolean wasRegistered = attach.detach(netns, container);
            err.println(name + ": " + container + " detached from " + netns
                    + (wasRegistered ? " and unregistered" : " (it was not registered)"));
            return ExitStatus.OK;
        });
    }
}
