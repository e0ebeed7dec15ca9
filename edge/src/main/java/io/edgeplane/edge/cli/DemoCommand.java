package io.edgeplane.edge.cli;

import io.edgeplane.edge.demo.Demo;
import io.edgeplane.edge.demo.DemoPorts;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge demo}: demo containers, proxy and DNS on one machine. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a whole application on this machine and print what to try. No files needed.",
                "",
                "Starts demo containers inside this process (small HTTP servers answering e.g. \"web-1-a web v1\","
                        + " a TCP echo), each on its own 127.0.x.y address, and the real node (`edge run`: proxy,"
                        + " ElasticDNS central and client, control API) on a built-in configuration written to a"
                        + " temporary directory: web and api on one HTTP port told apart by traffic_matches"
                        + " (web.demo.localhost, api.demo.localhost), a catch-all service \"_\", HTTPS with a"
                        + " self-signed certificate, a tcp: port, and a MySQL database with main and spare groups.",
                "",
                "It prints curl, dig and nc lines with the answer each gives. Press Enter to deploy the next version"
                        + " live: the new containers start, join the inventory through the control API, take new"
                        + " requests once they serve, and the old ones leave; a request in flight (curl .../slow)"
                        + " ends on the version it started on.",
                "",
                "Everything listens on 127.0.0.1 and high ports, so no root is needed. Ctrl-C stops it all."},
        footer = {"", "Logs: warnings and errors only; EDGE_LOG_LEVEL=info shows the node's own log.",
                "Exit status: 0 after Ctrl-C or SIGTERM, 2 when it cannot start (a port in use)."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--deploy", description = "Deploy version 2 right after start, while a slow request streams from"
            + " version 1, and tell what happens.")
    boolean deploy;

    @Option(names = "--slow-seconds", paramLabel = "N", defaultValue = "10",
            description = "How long /slow streams (default: ${DEFAULT-VALUE}).")
    int slowSeconds;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "18080", description = "HTTP (default: ${DEFAULT-VALUE}).")
    int http;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "18443", description = "HTTPS (default: ${DEFAULT-VALUE}).")
    int https;

    @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "18090", description = "TCP echo (default: ${DEFAULT-VALUE}).")
    int tcp;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "15353",
            description = "ElasticDNS node client, UDP and TCP (default: ${DEFAULT-VALUE}).")
    int dns;

    @Option(names = "--central-dns-port", paramLabel = "PORT", defaultValue = "15300",
            description = "ElasticDNS central (default: ${DEFAULT-VALUE}).")
    int centralDns;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "17070",
            description = "Control API (default: ${DEFAULT-VALUE}).")
    int control;

    @Override
    public Integer call() {
        if (System.getenv("EDGE_LOG_LEVEL") == null) {
            // The guide is the demo's output; the node's info lines would bury it.
            Logger.getLogger("").setLevel(Level.WARNING);
        }
        PrintWriter out = spec.commandLine().getOut();
        return new Demo(new Demo.Options(new DemoPorts(http, https, tcp, dns, centralDns, control), slowSeconds, deploy),
                out, System.in).run();
    }
}
