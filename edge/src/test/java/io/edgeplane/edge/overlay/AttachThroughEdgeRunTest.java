package io.edgeplane.edge.overlay;

import io.edgeplane.conf.testing.RootTools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.overlay.attach.NetnsAttach;
import io.edgeplane.overlay.keys.WgKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code edge run} with the overlay on, inside a namespace acting as the server; {@code edge
 * overlay attach} plugs a container namespace in and registers it, {@code status} shows cnet0,
 * {@code detach} unregisters it and removes its veth. Root only (a visible skip otherwise).
 */
@Tag("root")
@Timeout(180)
class AttachThroughEdgeRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void attachRegistersTheContainerAndDetachRemovesItAndItsVeth() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "curl", "sysctl");
        try (NetnsLab lab = new NetnsLab()) {
            String server = lab.namespace("srv");
            String container = lab.namespace("ctr");
            Path dir = lab.dir;
            String pub = NetnsLab.keyFile(dir.resolve("s1.key"));
            WgKeys.writeSecretFile(dir.resolve("secret"), WgKeys.genpsk(), false);
            Files.writeString(dir.resolve("edge.yml"), """
                    node: {name: s1}
                    control: {listen: 127.0.0.1:7070}
                    proxy: {bind: 127.0.0.1}
                    dns: {listen: ["127.0.0.1:5353"], central_listen: "127.0.0.1:5300"}
                    overlay: {enabled: true, network: 10.44.0.0/16, slice_prefix: 24, private_key_file: s1.key,
                              secret_file: secret}
                    """);
            Files.writeString(dir.resolve("service.yml"), "services:\n  web: {}\n"); // no ports: ready once addressed
            Files.writeString(dir.resolve("inventory.yml"), "servers:\n  - {name: s1, address: 198.18.0.1, overlay_key: "
                    + pub + "}\n");

            EdgeProcess edge = lab.run(server, dir);
            edge.awaitLine(0, "cnet0 is 10.44.0.1/16 (slice 10.44.0.0/24)");
            edge.awaitLine(0, "running at revision");

            EdgeCli attach = EdgeCli.runIn(server, dir, "overlay", "attach", "-c", "edge.yml", "--netns", container,
                    "--service", "web", "--version", "7", "--id", "web-7-x");
            assertEquals(ExitStatus.OK, attach.status(), attach + "\nedge:\n" + edge.stderr());
            assertEquals("10.44.0.2\n", attach.out());

            JsonNode registered = get(lab, server, "/v1/containers/web-7-x");
            assertEquals("s1", registered.path("server").asText(), registered.toString());
            assertEquals(7, registered.path("version").asInt());
            assertTrue(get(lab, server, "/v1/state").toString().contains("\"address\":\"10.44.0.2\""));
            assertEquals("nameserver 10.44.0.1",
                    Files.readAllLines(Path.of("/etc/netns", container, "resolv.conf")).get(1));
            EdgeCli ping = NetnsLab.in(container, dir, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "3", "10.44.0.1");
            assertEquals(0, ping.status(), "the container reaches its gateway, cnet0: " + ping);
            if (RootTools.onPath("dig")) {
                // ElasticDNS from inside the container, through the resolv.conf attach wrote
                EdgeCli dig = NetnsLab.in(container, dir, "dig", "+short", "+time=2", "+tries=3", "web.cloud66.local");
                assertEquals("10.44.0.2", dig.out().trim(), "the container resolves its own service: " + dig
                        + "\nedge:\n" + edge.stderr());
            }

            EdgeCli status = EdgeCli.runIn(server, dir, "overlay", "status", "-c", "edge.yml", "--json");
            assertEquals(ExitStatus.OK, status.status(), status.toString());
            JsonNode report = JSON.readTree(status.out());
            assertEquals("10.44.0.0/24", report.path("slice").asText());
            assertEquals(pub, report.path("public_key").asText());
            EdgeCli table = EdgeCli.runIn(server, dir, "overlay", "status", "-c", "edge.yml");
            assertTrue(table.out().startsWith("interface cnet0 of s1: address 10.44.0.1"), table.toString());

            // a second container gets the next address
            String other = lab.namespace("ct2");
            EdgeCli second = EdgeCli.runIn(server, dir, "overlay", "attach", "-c", "edge.yml", "--netns", other,
                    "--service", "web", "--version", "7");
            assertEquals(ExitStatus.OK, second.status(), second.toString());
            assertEquals("10.44.0.3\n", second.out());
            assertEquals(other, get(lab, server, "/v1/containers/" + other).path("id").asText(), "the id defaults to NS");

            String veth = NetnsAttach.hostVeth(container, "web-7-x");
            assertTrue(NetnsLab.sh("ip", "-n", server, "link", "show").contains(veth));
            EdgeCli detach = EdgeCli.runIn(server, dir, "overlay", "detach", "-c", "edge.yml", "--netns", container,
                    "--id", "web-7-x");
            assertEquals(ExitStatus.OK, detach.status(), detach.toString());
            EdgeCli gone = NetnsLab.in(server, dir, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://127.0.0.1:7070/v1/containers/web-7-x");
            assertEquals("404", gone.out());
            assertFalse(NetnsLab.sh("ip", "-n", server, "link", "show").contains(veth), "host veth gone");
            assertFalse(NetnsLab.sh("ip", "-n", container, "addr", "show").contains("10.44.0.2"), "address gone");
            assertFalse(Files.exists(Path.of("/etc/netns", container)), "resolv.conf gone");

            EdgeCli again = EdgeCli.runIn(server, dir, "overlay", "detach", "-c", "edge.yml", "--netns", container,
                    "--id", "web-7-x");
            assertEquals(ExitStatus.OK, again.status(), again.toString());
            assertTrue(again.err().contains("was not registered"), again.err());

            EdgeCli cleanup = EdgeCli.runIn(server, dir, "overlay", "detach", "-c", "edge.yml", "--netns", other);
            assertEquals(ExitStatus.OK, cleanup.status(), cleanup.toString());
            assertNotEquals("", edge.stderr());
        }
    }

    private static JsonNode get(NetnsLab lab, String ns, String path) throws Exception {
        EdgeCli r = NetnsLab.in(ns, lab.dir, "curl", "-s", "--max-time", "10", "http://127.0.0.1:7070" + path);
        assertEquals(0, r.status(), r.toString());
        return JSON.readTree(r.out());
    }
}
