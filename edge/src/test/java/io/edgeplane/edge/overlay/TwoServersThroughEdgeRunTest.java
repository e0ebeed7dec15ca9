package io.edgeplane.edge.overlay;

import io.edgeplane.conf.testing.RootTools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.overlay.keys.WgKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two servers (namespaces joined by an underlay veth), each running {@code edge run}: one the
 * central with the inventory, one following it. The follower gets its slice and its peer from
 * the central's registry; a container attached on each (the follower's registered through the
 * central's API with a token) pings the other across the encrypted overlay. Root only.
 */
@Tag("root")
@Timeout(240)
class TwoServersThroughEdgeRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COMMON = """
            proxy: {bind: 127.0.0.1}
            dns: {listen: ["127.0.0.1:5353"], central_listen: "127.0.0.1:5300"}
            """;

    @Test
    void containersOnACentralAndAFollowerPingEachOther() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "sysctl");
        try (NetnsLab lab = new NetnsLab()) {
            String a = lab.namespace("sva");
            String b = lab.namespace("svb");
            lab.underlay(a, b);
            String ca = lab.namespace("cta");
            String cb = lab.namespace("ctb");
            Path dirA = Files.createDirectories(lab.dir.resolve("a"));
            Path dirB = Files.createDirectories(lab.dir.resolve("b"));
            String pubA = NetnsLab.keyFile(dirA.resolve("overlay.key"));
            String pubB = NetnsLab.keyFile(dirB.resolve("overlay.key"));
            String psk = WgKeys.genpsk();
            String token = WgKeys.genpsk().replaceAll("[^A-Za-z0-9]", "");
            for (Path d : new Path[] {dirA, dirB}) {
                WgKeys.writeSecretFile(d.resolve("secret"), psk, false);
                WgKeys.writeSecretFile(d.resolve("token"), token, false);
            }
            String overlay = "overlay: {enabled: true, network: 10.44.0.0/16, slice_prefix: 24,"
                    + " private_key_file: overlay.key, secret_file: secret}\n";
            Files.writeString(dirA.resolve("edge.yml"), "node: {name: a}\n"
                    + "control: {listen: 198.18.0.1:7070, token_file: token}\n" + COMMON + overlay);
            Files.writeString(dirA.resolve("service.yml"), "services:\n  web:\n    ports: [\"3000\"]\n");
            Files.writeString(dirA.resolve("inventory.yml"), "servers:\n"
                    + "  - {name: a, address: 198.18.0.1, overlay_key: " + pubA + "}\n"
                    + "  - {name: b, address: 198.18.0.2, overlay_key: " + pubB + "}\n");
            Files.writeString(dirB.resolve("edge.yml"), "node: {name: b, roles: [node]}\n"
                    + "central: {url: \"http://198.18.0.1:7070\", token_file: token}\n"
                    + "control: {listen: 127.0.0.1:7070}\n" + COMMON + overlay);

            EdgeProcess central = lab.run(a, dirA);
            central.awaitLine(0, "cnet0 is 10.44.0.1/16 (slice 10.44.0.0/24)");
            central.awaitLine(0, "running at revision");
            EdgeProcess follower = lab.run(b, dirB);
            follower.awaitLine(0, "cnet0 is 10.44.1.1/16 (slice 10.44.1.0/24)");

            EdgeCli onA = EdgeCli.runIn(a, dirA, "overlay", "attach", "-c", "edge.yml", "--netns", ca,
                    "--service", "web", "--version", "1");
            assertEquals(ExitStatus.OK, onA.status(), onA + "\ncentral:\n" + central.stderr());
            assertEquals("10.44.0.2\n", onA.out());
            EdgeCli onB = EdgeCli.runIn(b, dirB, "overlay", "attach", "-c", "edge.yml", "--netns", cb,
                    "--service", "web", "--version", "1");
            assertEquals(ExitStatus.OK, onB.status(), onB + "\nfollower:\n" + follower.stderr());
            assertEquals("10.44.1.2\n", onB.out());

            EdgeCli ping = NetnsLab.in(ca, lab.dir, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "3", "10.44.1.2");
            assertEquals(0, ping.status(), ping + "\ncentral:\n" + central.stderr() + "\nfollower:\n" + follower.stderr());
            ping = NetnsLab.in(cb, lab.dir, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "3", "10.44.0.2");
            assertEquals(0, ping.status(), ping.toString());

            EdgeCli status = EdgeCli.runIn(b, dirB, "overlay", "status", "-c", "edge.yml", "--json");
            assertEquals(ExitStatus.OK, status.status(), status.toString());
            JsonNode report = JSON.readTree(status.out());
            JsonNode peer = report.path("peers").get(0);
            assertEquals("a", peer.path("name").asText(), report.toString());
            assertEquals("10.44.0.0/24", peer.path("slice").asText());
            assertTrue(peer.path("latest_handshake_seconds_ago").canConvertToLong(), report.toString());
            assertTrue(report.path("counters").path("rx_packets").asLong() >= 3, report.toString());
            assertTrue(peer.path("rx_bytes").asLong() >= 3 * 84 && peer.path("tx_bytes").asLong() >= 3 * 84,
                    report.toString());
            EdgeCli table = EdgeCli.runIn(b, dirB, "overlay", "status", "-c", "edge.yml");
            System.out.println(table.out());

            // edge status and /metrics show the same peer with its traffic.
            EdgeCli edgeStatus = EdgeCli.runIn(b, dirB, "status", "-c", "edge.yml", "--json");
            assertEquals(ExitStatus.OK, edgeStatus.status(), edgeStatus.toString());
            JsonNode statusPeer = JSON.readTree(edgeStatus.out()).at("/overlay/peers/0");
            assertEquals("a", statusPeer.path("name").asText(), edgeStatus.out());
            assertEquals("198.18.0.1:6784", statusPeer.path("endpoint").asText(), edgeStatus.out());
            assertTrue(statusPeer.path("rx_bytes").asLong() >= 3 * 84, edgeStatus.out());
            EdgeCli metrics = NetnsLab.in(b, lab.dir, "curl", "-sf", "http://127.0.0.1:7070/metrics");
            assertEquals(0, metrics.status(), metrics.toString());
            assertTrue(metrics.out().contains("edge_overlay_peers 1.0"), metrics.out());
            assertTrue(metrics.out().contains("edge_overlay_handshakes_total{peer=\"a\"} "), metrics.out());
            assertTrue(metrics.out().matches("(?s).*edge_overlay_bytes_total\\{direction=\"rx\",peer=\"a\"} [1-9].*"),
                    metrics.out());

            for (String[] c : new String[][] {{a, ca, dirA.toString()}, {b, cb, dirB.toString()}}) {
                EdgeCli detach = EdgeCli.runIn(c[0], Path.of(c[2]), "overlay", "detach", "-c", "edge.yml", "--netns", c[1]);
                assertEquals(ExitStatus.OK, detach.status(), detach.toString());
                assertTrue(detach.err().contains("and unregistered"), detach.err());
            }
        }
    }
}
