package io.edgeplane.edge.demo;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.edge.node.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code edge demo}: starts the version 1 containers, writes the configuration, and runs the real
 * node on it in this thread until SIGINT or SIGTERM; meanwhile a {@link DemoConductor} waits for
 * the node to serve, prints the guide and deploys on request. Then everything stops and the
 * temporary directory goes.
 */
public final class Demo {

    private static final System.Logger LOG = System.getLogger("edge.demo");

    /** What {@code edge demo}'s options chose. */
    public record Options(DemoPorts ports, int slowSeconds, boolean deployNow) {
    }

    private final Options options;
    private final PrintWriter out;
    private final InputStream in;

    public Demo(Options options, PrintWriter out, InputStream in) {
        this.options = options;
        this.out = out;
        this.in = in;
    }

    /** Runs until stopped; returns the exit status. */
    public int run() {
        ProxyProbe.allowHostHeader();
        Path dir;
        try {
            dir = Files.createTempDirectory("edge-demo-");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot make a temporary directory for the demo: " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        }
        AtomicBoolean failed = new AtomicBoolean();
        try (DemoFleet fleet = new DemoFleet(LoopbackAddresses.probe(), options.slowSeconds())) {
            List<DemoContainer> first = fleet.start(1, service -> true);
            ConfigFiles files = DemoFiles.write(dir, options.ports(), first);
            DemoConductor conductor = new DemoConductor(options, fleet, dir, out, in, failed);
            Thread thread = Thread.ofPlatform().daemon().name("edge-demo").start(conductor);
            int status = new Node(files).run();
            thread.interrupt();
            return failed.get() ? ExitStatus.RUNTIME_FAILURE : status;
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot start the demo containers: " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + dir + ": " + e.getMessage());
        }
    }
}
