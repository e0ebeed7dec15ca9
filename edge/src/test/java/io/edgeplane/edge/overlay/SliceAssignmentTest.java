package io.edgeplane.edge.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.edge.control.ApiClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central's slice assignment through {@code edge run}: written into the registry's state,
 * unchanged across restarts, across a server added at the top of inventory.yml (at start and
 * while running), where a fresh allocation would have moved every slice. The node runs only the
 * central role, so no TUN is opened and no root is needed.
 */
@Timeout(180)
class SliceAssignmentTest {

    @TempDir
    Path dir;

    private static final String SERVICES = """
            services:
              web:
                ports: ["3000"]
            """;

    @Test
    void slicesAreDurableAcrossRestartsAndInventoryEdits() throws Exception {
        int control = ConfigTexts.freePort();
        Files.writeString(dir.resolve("edge.yml"), "node: {name: web-1, roles: [central]}\n"
                + "control: {listen: 127.0.0.1:" + control + "}\n"
                + ConfigTexts.ownAddress("127.0.0.1", ConfigTexts.freePort())
                + "overlay: {enabled: true, network: 10.40.0.0/16, slice_prefix: 24}\n");
        Files.writeString(dir.resolve("service.yml"), SERVICES);
        String servers = """
                  - {name: web-1, address: 10.0.0.11}
                  - {name: web-2, address: 10.0.0.12}
                """;
        writeInventory(servers);
        ApiClient api = new ApiClient(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), control));

        Map<String, String> first;
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            int line = edge.awaitLine(0, "overlay slices: web-1 10.40.0.0/24, web-2 10.40.1.0/24");
            edge.awaitLine(line, "running at revision");
            first = awaitSlices(api, 2);
            assertEquals(Map.of("web-1", "10.40.0.0/24", "web-2", "10.40.1.0/24"), first);
            stop(edge);
        }
        assertTrue(Files.readString(dir.resolve("state/registry.state")).contains("10.40.1.0/24"),
                "the slices are in the durable state");

        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            edge.awaitLine(0, "configuration unchanged since the last run");
            edge.awaitLine(0, "running at revision");
            assertEquals(first, awaitSlices(api, 2));
            assertTrue(!edge.stderr().contains("overlay slices:"), "nothing to assign:\n" + edge.stderr());
            stop(edge);
        }

        // a server listed first: a fresh allocation would give it 10.40.0.0/24 and move the others
        writeInventory("  - {name: web-0, address: 10.0.0.10}\n" + servers);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            int line = edge.awaitLine(0, "overlay slices: web-0 10.40.2.0/24");
            edge.awaitLine(line, "running at revision");
            Map<String, String> withNew = awaitSlices(api, 3);
            assertEquals(first.get("web-1"), withNew.get("web-1"));
            assertEquals(first.get("web-2"), withNew.get("web-2"));
            assertEquals("10.40.2.0/24", withNew.get("web-0"));

            // and while running: the reload replaces the servers, the slices come back the same
            writeInventory("  - {name: web-9, address: 10.0.0.19}\n  - {name: web-0, address: 10.0.0.10}\n" + servers);
            edge.awaitLine(line, l -> l.contains("overlay slices: web-9 10.40.3.0/24"), Duration.ofSeconds(30));
            Map<String, String> live = awaitSlices(api, 4);
            assertEquals(withNew.get("web-0"), live.get("web-0"));
            assertEquals(first.get("web-1"), live.get("web-1"));
            assertEquals(first.get("web-2"), live.get("web-2"));
            stop(edge);
        }
    }

    private void writeInventory(String servers) throws Exception {
        Files.writeString(dir.resolve("inventory.yml"), "servers:\n" + servers + """
                containers:
                  - {id: web-1-a, service: web, version: 1, server: web-1}
                """);
    }

    private static void stop(EdgeProcess edge) throws InterruptedException {
        edge.terminate();
        assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
    }

    /** The servers' slices once {@code servers} servers all have one (the assignment is a revision of its own). */
    private static Map<String, String> awaitSlices(ApiClient api, int servers) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode state = api.get("/v1/state").json();
            Map<String, String> slices = new LinkedHashMap<>();
            for (JsonNode s : state.path("inventory").path("servers")) {
                if (s.hasNonNull("slice")) {
                    slices.put(s.get("name").asText(), s.get("slice").asText());
                }
            }
            if (slices.size() == servers && state.path("inventory").path("servers").size() == servers) {
                return slices;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no slices for all " + servers + " servers: " + state);
            }
            Thread.sleep(100);
        }
    }
}
