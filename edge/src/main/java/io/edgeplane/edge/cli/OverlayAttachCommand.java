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

/** {@code edge overlay attach}: plug a container's namespace into the overlay and register it. */
// No standard help options: its --version is the container's, not edge's.
@Command(name = "attach",
        description = {"Plug a network namespace (a container) into cnet0 with an address from this",
                "server's slice, a default route and a resolv.conf, and register the container.",
                "Prints the container's address. Needs `edge run` with overlay.enabled on this server."})
public final class OverlayAttachCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--netns", required = true, paramLabel = "NS", description = "The network namespace (ip netns).")
    String netns;

    @Option(names = "--service", required = true, paramLabel = "S", description = "The container's service.")
    String service;

    @Option(names = "--version", required = true, paramLabel = "V", description = "The deploy generation.")
    int version;

    @Option(names = "--id", paramLabel = "ID", description = "The container's id in the inventory (default: NS).")
    String id;

    @Mixin
    NodeCall node;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = spec.qualifiedName();
        if (version < 1) {
            spec.commandLine().getErr().println(name + ": --version " + version
                    + " is not a deploy generation; valid: a positive integer");
            spec.commandLine().getErr().flush();
            return ExitStatus.INVALID_INPUT;
        }
        String container = id == null ? netns : id;
        return node.run(spec, (api, err) -> {
            if (!api.settings().overlay().enabled()) {
                err.println(name + ": overlay.enabled is false in this server's edge.yml");
                return ExitStatus.INVALID_INPUT;
            }
            ContainerAttach attach = new ContainerAttach(api.settings(), RegistryEndpoint.of(api), Path.of("/etc/netns"));
            ContainerAttach.Attached done = attach.attach(netns, container, service, version);
            err.println(name + ": " + container + " is " + done.address().getHostAddress() + " in " + netns
                    + " (gateway and DNS " + done.gateway().getHostAddress() + ", host side " + done.hostVeth() + ")");
            spec.commandLine().getOut().println(done.address().getHostAddress());
            return ExitStatus.OK;
        });
    }
}
