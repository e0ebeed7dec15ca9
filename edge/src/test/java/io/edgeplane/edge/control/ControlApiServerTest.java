package io.edgeplane.edge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.DurableRegistry;
import io.edgeplane.edge.metrics.NodeMetrics;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the control API, in process, over real HTTP on loopback. */
@Timeout(60)
class ControlApiServerTest {

    static final String SERVICES = """
            services:
              web:
                ports: ["3000:80:443"]
                traffic_matches: ["app.example.com"]
            """;
    static final String INVENTORY = """
            servers:
              - {name: web-1, address: 10.0.0.11}
            containers:
              - {id: web-7-a, service: web, version: 7, server: web-1, address: 10.32.1.5}
            """;
    static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;

    DurableRegistry registry;
    NodeMetrics metrics;
    ControlApiServer server;
    ApiClient local;
    final AtomicInteger reloads = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        registry = DurableRegistry.open(dir.resolve("state"), Settings.defaults());
        metrics = new NodeMetrics();
        server = start(null, ControlApiOptions.defaults());
        local = new ApiClient(server.address());
    }

    ControlApiServer start(URI following, ControlApiOptions options) throws Exception {
        ReloadHook reload = reason -> new ReloadOutcome(reloads.incrementAndGet() == 1 ? "unchanged" : "rejected",
                registry.current().revision(), List.of("service.yml:3:9: error: x"), null);
        return ControlApiServer.start(Endpoint.of("127.0.0.1", 0), new ControlApiSetup(registry,
                new BearerTokenCheck(TOKEN, options.trustedWithoutToken()), ContainerStates.ALWAYS_READY, reload,
                metrics, following, options));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        metrics.close();
        registry.close();
    }

    @Test
    void servicesInventoryAndState() throws Exception {
        assertEquals(0, local.get("/v1/state").json().get("revision").asLong());
        ApiClient.Reply put = local.send("PUT", "/v1/services", SERVICES);
        assertEquals(200, put.status(), put.body());
        assertEquals(1, put.json().get("revision").asLong());
        assertTrue(put.json().get("changed").asBoolean());
        put = local.send("PUT", "/v1/inventory", INVENTORY);
        assertEquals(200, put.status(), put.body());
        assertEquals(2, put.json().get("revision").asLong());

        ApiClient.Reply state = local.get("/v1/state");
        assertEquals(200, state.status());
        assertEquals(2, state.json().get("revision").asLong());
        assertEquals(80, state.json().at("/services/web/ports/0/http").asInt(), state.body());
        assertEquals("web-7-a", state.json().at("/inventory/containers/0/id").asText(), state.body());

        // The same services again: acknowledged, no new revision.
        put = local.send("PUT", "/v1/services", SERVICES);
        assertEquals(200, put.status());
        assertFalse(put.json().get("changed").asBoolean());
        assertEquals(2, put.json().get("revision").asLong());

        // The inventory as JSON.
        put = local.send("PUT", "/v1/inventory", """
                {"servers": [{"name": "web-1", "address": "10.0.0.11"}],
                 "containers": [{"id": "web-8-a", "service": "web", "version": 8, "server": "web-1",
                                 "published": {"3000": 32768}}]}
                """);
        assertEquals(200, put.status(), put.body());
        assertEquals(3, registry.current().revision());
        assertEquals(32768, registry.current().config().inventory().container("web-8-a").orElseThrow().portFor(3000));
    }

    @Test
    void invalidBodiesAreRejectedInTheWordsOfEdgeCheck() throws Exception {
        ApiClient.Reply bad = local.send("PUT", "/v1/services", """
                services:
                  web:
                    ports: ["3000:80:443:1"]
                """);
        assertEquals(422, bad.status(), bad.body());
        assertEquals("configuration rejected", bad.json().get("error").asText());
        assertTrue(bad.json().get("problems").get(0).asText().startsWith("service.yml:3:"), bad.body());
        assertTrue(bad.json().get("problems").get(0).asText().contains("error: services.web.ports[0]"), bad.body());

        bad = local.send("PUT", "/v1/services", "services: [unclosed");
        assertEquals(422, bad.status(), bad.body());
        assertTrue(bad.json().get("problems").get(0).asText().contains("syntax error"), bad.body());

        // A container of a service that does not exist: the cross-check, as edge check says it.
        local.send("PUT", "/v1/inventory", INVENTORY);
        bad = local.send("POST", "/v1/containers", """
                {"id": "x-1", "service": "nope", "version": 1, "server": "web-1"}""");
        assertEquals(422, bad.status(), bad.body());
        assertTrue(bad.json().get("problems").toString().contains("nope"), bad.body());
        assertEquals(0, registry.current().revision(), "nothing committed");
    }

    @Test
    void containersAreAddedReadAndRemoved() throws Exception {
        local.send("PUT", "/v1/services", SERVICES);
        local.send("PUT", "/v1/inventory", INVENTORY);
        ApiClient.Reply added = local.send("POST", "/v1/containers", """
                {"id": "web-8-a", "service": "web", "version": 8, "server": "web-1", "address": "10.32.1.9"}""");
        assertEquals(201, added.status(), added.body());
        assertEquals(3, added.json().get("revision").asLong());
        // A retry of the same body is harmless.
        ApiClient.Reply again = local.send("POST", "/v1/containers", """
                {"id": "web-8-a", "service": "web", "version": 8, "server": "web-1", "address": "10.32.1.9"}""");
        assertEquals(200, again.status(), again.body());
        assertFalse(again.json().get("changed").asBoolean());
        // YAML works too.
        added = local.send("POST", "/v1/containers", """
                id: web-8-b
                service: web
                version: 8
                server: web-1
                """);
        assertEquals(201, added.status(), added.body());

        ApiClient.Reply one = local.get("/v1/containers/web-8-a");
        assertEquals(200, one.status(), one.body());
        assertEquals("ready", one.json().get("state").asText());
        assertEquals(8, one.json().get("version").asInt());
        assertEquals(0, one.json().get("active_connections").asInt());
        assertEquals(404, local.get("/v1/containers/nope").status());

        assertEquals(200, local.send("DELETE", "/v1/containers/web-8-a", null).status());
        assertTrue(registry.current().config().inventory().container("web-8-a").isEmpty());
        ApiClient.Reply gone = local.send("DELETE", "/v1/containers/web-8-a", null);
        assertEquals(404, gone.status());
        assertEquals("no container web-8-a", gone.json().get("error").asText());
    }

    @Test
    void badContainerBodiesAreLocatedInTheBody() throws Exception {
        ApiClient.Reply bad = local.send("POST", "/v1/containers", """
                id: web-8-a
                service: web
                version: eight
                server: web-1
                """);
        assertEquals(400, bad.status(), bad.body());
        String problem = bad.json().get("problems").get(0).asText();
        assertTrue(problem.startsWith("container:3:10: error: container.version: \"eight\""), problem);

        bad = local.send("POST", "/v1/containers", "");
        assertEquals(400, bad.status(), bad.body());
        bad = local.send("POST", "/v1/containers", "{\"id\": \"a\"}");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("problems").toString().contains("container"), bad.body());
    }

    @Test
    void concurrentContainerAddsAllLand() throws Exception {
        local.send("PUT", "/v1/services", SERVICES);
        local.send("PUT", "/v1/inventory", INVENTORY);
        List<CompletableFuture<ApiClient.Reply>> replies = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                String body = "{\"id\": \"web-9-" + i + "\", \"service\": \"web\", \"version\": 9, \"server\": \"web-1\"}";
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return local.send("POST", "/v1/containers", body);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<ApiClient.Reply> r : replies) {
                assertEquals(201, r.get(30, TimeUnit.SECONDS).status());
            }
        }
        assertEquals(11, registry.current().config().inventory().containers().size());
    }

    @Test
    void longPollAnswersAtTheNextRevisionOrTimeout() throws Exception {
        local.send("PUT", "/v1/services", SERVICES);
        ApiClient.Reply now = local.get("/v1/state?wait=0");
        assertEquals(1, now.json().get("revision").asLong(), "an other revision answers at once");

        long start = System.nanoTime();
        ApiClient.Reply timedOut = local.get("/v1/state?wait=1&timeout=300ms");
        assertEquals(1, timedOut.json().get("revision").asLong());
        assertTrue(System.nanoTime() - start >= 250_000_000L, "waited for the timeout");

        CompletableFuture<ApiClient.Reply> waiting = local.getAsync("/v1/state?wait=1&timeout=20s");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.waiting() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, server.waiting());
        assertFalse(waiting.isDone());
        local.send("PUT", "/v1/inventory", INVENTORY);
        ApiClient.Reply changed = waiting.get(1, TimeUnit.SECONDS);
        assertEquals(2, changed.json().get("revision").asLong());

        assertEquals(400, local.get("/v1/state?wait=x").status());
        assertEquals(400, local.get("/v1/state?wait=1&timeout=soon").status());
    }

    @Test
    void callersOffLoopbackNeedTheToken() throws Exception {
        InetAddress other = InetAddress.ofLiteral("127.0.0.2");
        ApiClient none = new ApiClient(server.address(), other, null);
        ApiClient wrong = new ApiClient(server.address(), other, "guess");
        ApiClient right = new ApiClient(server.address(), other, TOKEN);
        for (String path : List.of("/v1/state", "/v1/containers/x", "/metrics")) {
            ApiClient.Reply r = none.get(path);
            assertEquals(401, r.status(), path);
            assertTrue(r.json().get("error").asText().contains("Authorization: Bearer"), r.body());
            assertEquals(403, wrong.get(path).status(), path);
        }
        assertEquals(401, none.send("PUT", "/v1/services", SERVICES).status());
        assertEquals(403, wrong.send("PUT", "/v1/services", SERVICES).status());
        assertEquals(401, none.send("POST", "/v1/containers", "{}").status());
        assertEquals(401, none.send("DELETE", "/v1/containers/x", null).status());
        assertEquals(401, none.send("POST", "/v1/reload", null).status());
        assertEquals(0, registry.current().revision());
        assertEquals(200, none.get("/healthz").status(), "health needs no token");
        assertEquals(200, right.send("PUT", "/v1/services", SERVICES).status());
        assertEquals(200, right.get("/v1/state").status());
    }

    @Test
    void withoutATokenFileOnlyLoopbackGetsIn() throws Exception {
        server.close();
        ControlApiOptions options = ControlApiOptions.defaults();
        server = ControlApiServer.start(Endpoint.of("127.0.0.1", 0), new ControlApiSetup(registry,
                new BearerTokenCheck(null, options.trustedWithoutToken()), ContainerStates.ALWAYS_READY,
                r -> null, metrics, null, options));
        ApiClient other = new ApiClient(server.address(), InetAddress.ofLiteral("127.0.0.2"), "anything");
        ApiClient.Reply r = other.get("/v1/state");
        assertEquals(401, r.status());
        assertTrue(r.json().get("error").asText().contains("no control.token_file"), r.body());
        assertEquals(200, new ApiClient(server.address()).get("/v1/state").status());
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        server.close();
        server = start(null, ControlApiOptions.defaults().withMaxBodyBytes(1024));
        local = new ApiClient(server.address());
        ApiClient.Reply big = local.send("PUT", "/v1/services", SERVICES + "#" + "x".repeat(2000) + "\n");
        assertEquals(413, big.status(), big.body());
        assertTrue(big.json().get("error").asText().contains("larger than 1024 bytes"), big.body());
        // The connection was closed, the server still serves.
        assertEquals(200, local.get("/healthz").status());
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
        ApiClient.Reply r = local.get("/v2/nothing");
        assertEquals(404, r.status());
        assertTrue(r.json().get("error").asText().startsWith("no such endpoint"), r.body());
        r = local.send("DELETE", "/v1/services", null);
        assertEquals(405, r.status());
        assertTrue(r.json().has("error"));
        r = local.send("PUT", "/v1/containers/x", "{}");
        assertEquals(405, r.status());
    }

    @Test
    void reloadReportsWhatCameOfIt() throws Exception {
        ApiClient.Reply r = local.send("POST", "/v1/reload", null);
        assertEquals(200, r.status(), r.body());
        assertEquals("unchanged", r.json().get("result").asText());
        r = local.send("POST", "/v1/reload", null);
        assertEquals(422, r.status(), r.body());
        assertEquals("service.yml:3:9: error: x", r.json().get("problems").get(0).asText());
        assertTrue(r.json().get("error").asText().contains("still serving revision 0"), r.body());
    }

    @Test
    void metricsAndHealth() throws Exception {
        local.send("PUT", "/v1/services", SERVICES);
        ApiClient.Reply health = local.get("/healthz");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().get("status").asText());
        ApiClient.Reply metricsText = local.get("/metrics");
        assertEquals(200, metricsText.status());
        String text = metricsText.body();
        assertTrue(text.contains("edge_registry_revision 1.0"), text);
        assertTrue(text.contains("edge_control_requests_total{endpoint=\"PUT /v1/services\",status=\"200\"} 1.0"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
    }

    @Test
    void aFollowerRefusesChangesWithConflict() throws Exception {
        server.close();
        server = start(URI.create("http://127.0.0.9:7070"), ControlApiOptions.defaults());
        local = new ApiClient(server.address());
        ApiClient.Reply r = local.send("PUT", "/v1/services", SERVICES);
        assertEquals(409, r.status(), r.body());
        assertTrue(r.json().get("error").asText().contains("follows the central at http://127.0.0.9:7070"), r.body());
        assertEquals(409, local.send("POST", "/v1/containers", "{}").status());
        assertEquals(409, local.send("DELETE", "/v1/containers/x", null).status());
        assertEquals(200, local.get("/v1/state").status());
    }
}
