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

    @Option(names = {"-c", "--config"}, paramLabel = "edge.yml",
            description = "This server's settings, to find its node (default: ./edge.yml when present).")
    Path edge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        if (version < 1) {
            err.println(name + ": --version " + version + " is not a deploy generation; valid: a positive integer");
            err.flush();
            return ExitStatus.INVALID_INPUT;
        }
        String container = id == null ? netns : id;
        try {
            ControlApiClient node = ControlApiClient.forNode(ConfigFiles.resolve(edge, null, null));
            if (!node.settings().overlay().enabled()) {
                err.println(name + ": overlay.enabled is false in this server's edge.yml");
                err.flush();
                return ExitStatus.INVALID_INPUT;
            }
            ContainerAttach attach = new ContainerAttach(node.settings(), RegistryEndpoint.of(node), Path.of("/etc/netns"));
            ContainerAttach.Attached done = attach.attach(netns, container, service, version);
            err.println(name + ": " + container + " is " + done.address().getHostAddress() + " in " + netns
                    + " (gateway and DNS " + done.gateway().getHostAddress() + ", host side " + done.hostVeth() + ")");
            spec.commandLine().getOut().println(done.address().getHostAddress());
            spec.commandLine().getOut().flush();
            return ExitStatus.OK;
        } catch (IOException e) {
            err.println(name + ": " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.RUNTIME_FAILURE;
        } finally {
            err.flush();
        }
    }
}
