package io.edgeplane.edge.cli;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.control.ControlApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What every command that talks to the running node shares (picocli mixin): the {@code -c}
 * option that finds its control API, and one way of reporting a node that does not answer
 * ({@code edge <command>: <why>}, exit 2).
 */
public final class NodeCall {

    @Option(names = {"-c", "--config"}, paramLabel = "edge.yml",
            description = "This server's settings, to find its node's control API (default: ./edge.yml when present).")
    Path edge;

    /** One command's work against its node; returns the exit status. */
    @FunctionalInterface
    public interface Work {
        int run(ControlApiClient node, PrintWriter err) throws IOException, InterruptedException;
    }

    int run(CommandSpec spec, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return work.run(ControlApiClient.forNode(ConfigFiles.resolve(edge, null, null)), err);
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.RUNTIME_FAILURE;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }
}
