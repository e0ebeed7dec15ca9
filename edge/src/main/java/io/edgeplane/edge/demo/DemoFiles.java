package io.edgeplane.edge.demo;

import io.edgeplane.conf.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's configuration, written as the three ordinary files so that a curious user can read
 * (and {@code edge check}) exactly what the node runs on. Everything listens on loopback.
 */
final class DemoFiles {

    /** The host names the proxy tells the two services on one port apart by. */
    static final String WEB_HOST = "web.demo.localhost";
    static final String API_HOST = "api.demo.localhost";
    /** How long the node waits for a retired container's requests; the demo's slow request fits well inside. */
    static final int DRAIN_SECONDS = 60;

    private DemoFiles() {
    }

    static ConfigFiles write(Path dir, DemoPorts ports, List<DemoContainer> containers) throws IOException {
        Path edge = dir.resolve(ConfigFiles.EDGE);
        Path services = dir.resolve(ConfigFiles.SERVICES);
        Path inventory = dir.resolve(ConfigFiles.INVENTORY);
        Files.writeString(edge, edgeYml(ports));
        Files.writeString(services, serviceYml(ports));
        Files.writeString(inventory, inventoryYml(containers));
        return new ConfigFiles(edge, services, inventory);
    }

    static String edgeYml(DemoPorts p) {
        return """
                # edge demo: this machine is the whole infrastructure (central and node), on loopback and
                # high ports so that it runs as a normal user. A 1 s DNS TTL shows a deploy at once.
                node: {name: %s, roles: [central, node]}
                control: {listen: 127.0.0.1:%d}
                proxy: {bind: 127.0.0.1, drain_timeout: %ds, access_log: "off"}
                dns: {listen: [127.0.0.1:%d], central_listen: 127.0.0.1:%d, ttl: 1s, allow: [127.0.0.0/8]}
                """.formatted(DemoFleet.SERVER, p.control(), DRAIN_SECONDS, p.dns(), p.centralDns());
    }

    static String serviceYml(DemoPorts p) {
        return """
                # Two services on one HTTP port told apart by host name, a catch-all for every other
                # name, HTTPS on web (a self-signed certificate: none is configured), and TCP.
                services:
                  web:
                    ports: ["3000:%1$d:%2$d"]
                    traffic_matches: ["%4$s"]
                  api:
                    ports: ["4000:%1$d"]
                    traffic_matches: ["%5$s"]
                  catchall:
                    ports: ["5000:%1$d"]
                    traffic_matches: ["_"]
                  echo:
                    ports:
                      - {container: 7, tcp: %3$d}
                """.formatted(p.http(), p.https(), p.tcp(), WEB_HOST, API_HOST);
    }

    static String inventoryYml(List<DemoContainer> containers) {
        StringBuilder text = new StringBuilder("""
                # The containers run inside the edge demo process, each on its own loopback address.
                servers:
                  - {name: %s, address: 127.0.0.1}
                containers:
                """.formatted(DemoFleet.SERVER));
        for (DemoContainer c : containers) {
            text.append("  - ").append(c.inventoryEntry(DemoFleet.SERVER)).append('\n');
        }
        text.append("""
                databases:
                  mysql:
                    groups:
                      - {name: main, primary: true, servers: [%s]}
                      - {name: spare, servers: [%s]}
                """.formatted(DemoService.MYSQL_MAIN, DemoService.MYSQL_SPARE));
        return text.toString();
    }
}
