package io.edgeplane.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configurations the edge tests run on, written into a test's directory. */
public final class ConfigTexts {

    public static final String GOOD_SERVICES = """
            services:
              web:
                ports: ["3000:18080:18443"]
                traffic_matches: ["app.example.com"]
              api:
                ports: ["4000:18080"]
                traffic_matches: ["api.example.com"]
            """;

    /** Two errors: a port with four fields (line 3) and an unknown load balancing (line 5). */
    public static final String BAD_SERVICES = """
            services:
              web:
                ports: ["3000:80:443:1"]
                traffic_matches: ["app.example.com"]
                load_balancing: robin
              api:
                ports: ["4000:80"]
                traffic_matches: ["api.example.com"]
            """;

    public static final String INVENTORY = """
            servers:
              - {name: web-1, address: 10.0.0.11}
            containers:
              - {id: web-7-a, service: web, version: 7, server: web-1, address: 10.32.1.5}
              - {id: api-7-a, service: api, version: 7, server: web-1, address: 10.32.1.6}
            """;

    /** Names this node as the inventory's server, so no warning says it has no containers. */
    public static final String EDGE = """
            node: {name: web-1}
            """;

    private ConfigTexts() {
    }

    /** A TCP port free on loopback now (a race with other processes is possible, and unlikely). */
    public static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** Distinct free ports, for TCP and UDP (DNS listens on both), never one handed out twice. */
    public static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = io.edgeplane.conf.testing.LoopbackPorts.tcpAndUdp();
        }
        return ports;
    }

    /**
     * The proxy and DNS settings that keep a test node on its own loopback address and on free
     * ports, so several nodes (and other tests) never meet on 53, 5300 or a service's port.
     * {@code centralDnsPort} is where the central answers (a node uses only the port).
     */
    public static String ownAddress(String address, int centralDnsPort) throws IOException {
        return ownAddress(address, freePort(), centralDnsPort);
    }

    private static String ownAddress(String address, int dnsPort, int centralDnsPort) {
        return "proxy: {bind: " + address + "}\n"
                + "dns: {listen: [\"" + address + ":" + dnsPort + "\"], central_listen: \"" + address + ":"
                + centralDnsPort + "\"}\n";
    }

    /** The constants' 18080/18443 as the free ports of {@code ports}: a fixed port meets whatever else runs here. */
    public static String withPorts(String services, Ports ports) {
        return services.replace(":18080", ":" + ports.http()).replace(":18443", ":" + ports.https());
    }

    /** The ports {@link #write} chose. */
    public record Ports(int control, int dns, int centralDns, int http, int https) {
    }

    /**
     * Writes edge.yml, service.yml (the given text) and inventory.yml into {@code dir}. The
     * edge.yml gives the control API, DNS and proxy free ports on 127.0.0.1, so tests never
     * meet another edge.
     */
    public static Ports write(Path dir, String services) throws IOException {
        int[] free = freePorts(5);
        Ports ports = new Ports(free[0], free[1], free[2], free[3], free[4]);
        Files.writeString(dir.resolve("edge.yml"), EDGE + "control: {listen: 127.0.0.1:" + ports.control() + "}\n"
                + ownAddress("127.0.0.1", ports.dns(), ports.centralDns()));
        Files.writeString(dir.resolve("service.yml"), withPorts(services, ports));
        Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
        return ports;
    }
}
