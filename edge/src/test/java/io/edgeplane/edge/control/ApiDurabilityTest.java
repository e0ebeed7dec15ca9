package io.edgeplane.edge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge run} as its own process: what the API acknowledged survives {@code kill -9}, API
 * changes survive a restart on unchanged files, an edited file still wins, and {@code edge
 * status} and {@code edge reload} talk to it.
 */
@Timeout(180)
class ApiDurabilityTest {

    @TempDir
    Path dir;

    private InetSocketAddress control() throws Exception {
        String edge = Files.readString(dir.resolve("edge.yml"));
        int port = Integer.parseInt(edge.replaceAll("(?s).*listen: 127\\.0\\.0\\.1:(\\d+).*", "$1"));
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static String container(String id) {
        return "{\"id\": \"" + id + "\", \"service\": \"web\", \"version\": 8, \"server\": \"web-1\"}";
    }

    @Test
    void acknowledgedChangesSurviveKill9() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        ApiClient api = new ApiClient(control());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            edge.awaitLine(0, "running at revision 1");
            AtomicBoolean killed = new AtomicBoolean();
            // Several writers at once, so the kill lands while changes are in flight.
            List<Thread> writers = new java.util.ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 200 && !killed.get(); i++) {
                        String id = "web-8-" + writer + "-" + i;
                        try {
                            ApiClient.Reply r = api.send("POST", "/v1/containers", container(id));
                            if (r.status() == 201) {
                                acknowledged.add(id);
                            }
                        } catch (Exception e) {
                            return; // the central is gone
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < 15 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            killed.set(true);
            edge.close(); // SIGKILL: no shutdown of any kind
            for (Thread t : writers) {
                t.join(Duration.ofSeconds(30));
            }
        }
        assertTrue(acknowledged.size() >= 15, "acknowledged " + acknowledged.size());
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            edge.awaitLine(0, "running at revision");
            JsonNode state = api.get("/v1/state").json();
            Set<String> kept = new HashSet<>();
            state.path("inventory").path("containers").forEach(c -> kept.add(c.path("id").asText()));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(kept);
            assertTrue(lost.isEmpty(), "acknowledged but lost after kill -9: " + lost);
            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
    }

    @Test
    void apiChangesSurviveARestartAndAnEditedFileWins() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        ApiClient api = new ApiClient(control());
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            int line = edge.awaitLine(0, "running at revision 1");
            assertEquals(201, api.send("POST", "/v1/containers", container("web-8-a")).status());
            edge.awaitLine(line, "revision 2: container web-8-a added");

            // edge reload with unchanged files keeps the API's change.
            EdgeProcess reload = EdgeProcess.main(dir, "reload", "-c", "edge.yml");
            assertEquals(ExitStatus.OK, reload.exitStatus(), reload.stderr());
            assertTrue(reload.stderr().contains("edge reload: unchanged, still revision 2"), reload.stderr());
            assertEquals(200, api.get("/v1/containers/web-8-a").status());

            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            int line = edge.awaitLine(0, "revision 2: configuration unchanged since the last run");
            line = edge.awaitLine(line, "running at revision 2");
            assertEquals(200, api.get("/v1/containers/web-8-a").status(), "the API's container survived the restart");

            String status = EdgeProcess.mainOutput(dir, "status", "-c", "edge.yml");
            assertTrue(status.contains("web-8-a") && status.contains("ready") && status.contains("DNS cache  "),
                    status);
            String json = EdgeProcess.mainOutput(dir, "status", "--json", "-c", "edge.yml");
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertEquals(2, report.get("revision").asLong(), json);
            // Posted without an address, version 8 cannot be probed: reported, but not current.
            assertTrue(json.contains("\"web-8-a\"") && report.at("/services/0/current_version").asInt() != 8, json);
            assertEquals("http", report.at("/listeners/0/protocol").asText(), json);

            // An edited file wins: the inventory as written replaces what the API added.
            Files.writeString(dir.resolve("inventory.yml"), ConfigTexts.INVENTORY + "# edited\n");
            edge.awaitLine(line, "container web-8-a removed");
            assertEquals(404, api.get("/v1/containers/web-8-a").status());

            // A rejected reload says why, and exits 1.
            Files.writeString(dir.resolve("service.yml"), ConfigTexts.BAD_SERVICES);
            edge.awaitLine(line, "configuration rejected");
            EdgeProcess reload = EdgeProcess.main(dir, "reload", "-c", "edge.yml");
            assertEquals(ExitStatus.INVALID_INPUT, reload.exitStatus(), reload.stderr());
            assertTrue(reload.stderr().contains("service.yml:3:"), reload.stderr());
            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
        EdgeProcess noNode = EdgeProcess.main(dir, "status", "-c", "edge.yml");
        assertEquals(ExitStatus.RUNTIME_FAILURE, noNode.exitStatus());
        assertTrue(noNode.stderr().contains("no edge answers on"), noNode.stderr());
    }
}
