package io.edgeplane.edge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy through {@code edge run}: the control API reports ready, draining and drained with
 * connection counts while a slow request finishes on the old version; SIGTERM lets an
 * in-flight request finish and exits 0.
 */
@Timeout(90)
class DeployInRunTest {

    static {
        // Read once per JVM by the JDK client: set as ProxyInRunTest does, whichever runs first.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A container answering its name on {@code /} and, after {@code slowMillis}, on {@code /slow}. */
    private static HttpServer container(String name, long slowMillis) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = (exchange.getRequestURI().getPath().equals("/slow") ? "slow " + name : name)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private record Node(int port, int control) {
    }

    private Node write(String drainTimeout) throws Exception {
        int port = ConfigTexts.freePort();
        int control = ConfigTexts.freePort();
        Files.writeString(dir.resolve("edge.yml"), """
                node: {name: web-1}
                control: {listen: "127.0.0.1:%d"}
                proxy: {bind: 127.0.0.1, drain_timeout: %s}
                dns: {listen: ["127.0.0.1:%d"], central_listen: "127.0.0.1:%d"}
                """.formatted(control, drainTimeout, ConfigTexts.freePort(), ConfigTexts.freePort()));
        Files.writeString(dir.resolve("service.yml"), """
                services:
                  web:
                    ports: ["3000:%d"]
                """.formatted(port));
        return new Node(port, control);
    }

    private static String inventory(String containers) {
        return "servers:\n  - {name: web-1, address: 127.0.0.1}\ncontainers:\n" + containers;
    }

    private static String container(String id, int version, int port) {
        return "  - {id: %s, service: web, version: %d, server: web-1, address: 127.0.0.1, published: {3000: %d}}\n"
                .formatted(id, version, port);
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private JsonNode state(Node node, String id) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.control()
                + "/v1/containers/" + id)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private JsonNode awaitState(Node node, String id, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode s = state(node, id);
        while (!wanted.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + id + " stayed " + s);
            }
            Thread.sleep(50);
            s = state(node, id);
        }
        return s;
    }

    @Test
    void controlApiShowsReadyDrainingAndDrainedDuringADeploy() throws Exception {
        HttpServer v1 = container("v1", 3000);
        HttpServer v2 = container("v2", 0);
        try {
            Node node = write("30s");
            String one = container("web-1-a", 1, v1.getAddress().getPort());
            Files.writeString(dir.resolve("inventory.yml"), inventory(one));
            try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
                int line = edge.awaitLine(0, "running at revision 1");
                assertEquals("200 v1", get(node.port(), "/"));
                JsonNode ready = state(node, "web-1-a");
                assertEquals("ready", ready.path("state").asText());
                assertEquals(0, ready.path("active_connections").asLong());
                assertEquals(1, ready.path("version").asInt());

                CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(node.port(), "/slow");
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                awaitState(node, "web-1-a", s -> s.path("active_connections").asLong() == 1);

                Files.writeString(dir.resolve("inventory.yml"), inventory(one
                        + container("web-2-a", 2, v2.getAddress().getPort())));
                line = edge.awaitLine(line, "revision 2");
                awaitState(node, "web-2-a", s -> s.path("state").asText().equals("ready"));
                // Readiness is published to the routes just after the state reads ready: awaited, bounded.
                assertEquals("200 v2", eventually("200 v2", () -> get(node.port(), "/")), "new requests go to version 2");
                JsonNode draining = state(node, "web-1-a");
                assertEquals("draining", draining.path("state").asText(), draining.toString());
                assertEquals(1, draining.path("active_connections").asLong());

                assertEquals("200 slow v1", slow.get(20, TimeUnit.SECONDS), "the old version finished its request");
                JsonNode drained = awaitState(node, "web-1-a", s -> s.path("state").asText().equals("drained"));
                assertEquals(0, drained.path("active_connections").asLong());

                // Removed from the inventory once drained: forgotten.
                Files.writeString(dir.resolve("inventory.yml"), inventory(container("web-2-a", 2,
                        v2.getAddress().getPort())));
                edge.awaitLine(line, "revision 3");
                // The revision is logged before the parts have applied it.
                assertEquals("404", eventually("404", () -> Integer.toString(client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.control() + "/v1/containers/web-1-a")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode())));
                assertEquals("200 v2", get(node.port(), "/"));
            }
        } finally {
            v1.stop(0);
            v2.stop(0);
        }
    }

    @Test
    void sigtermLetsAnInFlightRequestFinishAndExitsZero() throws Exception {
        HttpServer v1 = container("v1", 2000);
        try {
            Node node = write("20s");
            Files.writeString(dir.resolve("inventory.yml"), inventory(container("web-1-a", 1,
                    v1.getAddress().getPort())));
            try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
                edge.awaitLine(0, "running at revision 1");
                CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(node.port(), "/slow");
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                awaitState(node, "web-1-a", s -> s.path("active_connections").asLong() == 1);
                long start = System.nanoTime();
                edge.terminate();
                assertEquals("200 slow v1", slow.get(20, TimeUnit.SECONDS));
                assertEquals(0, edge.exitStatus(), edge.stderr());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "did not wait for the drain timeout");
            }
        } finally {
            v1.stop(0);
        }
    }

    @Test
    void aStopDrainsHttpAndTcpStreamsTogetherWithinOneDrainTimeout() throws Exception {
        HttpServer v1 = container("v1", 30_000);
        try (java.net.ServerSocket holder = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // A container port that accepts and keeps the stream open without answering.
            Thread.ofVirtual().start(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                while (!holder.isClosed()) {
                    try {
                        held.add(holder.accept());
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            Node node = write("2s");
            int tcp = ConfigTexts.freePort();
            Files.writeString(dir.resolve("service.yml"), """
                    services:
                      web:
                        ports: ["3000:%d", {container: 7, tcp: %d}]
                    """.formatted(node.port(), tcp));
            Files.writeString(dir.resolve("inventory.yml"), inventory(
                    "  - {id: web-1-a, service: web, version: 1, server: web-1, address: 127.0.0.1, published: {3000: %d, 7: %d}}\n"
                            .formatted(v1.getAddress().getPort(), holder.getLocalPort())));
            try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml");
                 java.net.Socket stream = new java.net.Socket("127.0.0.1", awaitListening(edge, tcp))) {
                CompletableFuture.runAsync(() -> {
                    try {
                        get(node.port(), "/slow");
                    } catch (Exception e) {
                        // cut off at the drain timeout: expected
                    }
                });
                awaitState(node, "web-1-a", s -> s.path("active_connections").asLong() == 2);
                long start = System.nanoTime();
                edge.terminate();
                assertEquals(0, edge.exitStatus(), edge.stderr());
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMillis >= 1_900, "waited for the drain timeout: " + tookMillis + " ms");
                assertTrue(tookMillis < 3_500, "one drain timeout (2 s) for both, not one after the other: "
                        + tookMillis + " ms");
            }
        } finally {
            v1.stop(0);
        }
    }

    private static int awaitListening(EdgeProcess edge, int port) throws InterruptedException {
        edge.awaitLine(0, "running at revision 1");
        return port;
    }

    /** What {@code call} answers once it answers {@code expected}, or its last answer after 10 s. */
    private static String eventually(String expected, java.util.concurrent.Callable<String> call) throws Exception {
        String answer = call.call();
        for (long deadline = System.nanoTime() + 10_000_000_000L; !answer.equals(expected)
                && System.nanoTime() < deadline; answer = call.call()) {
            Thread.sleep(50);
        }
        return answer;
    }
}
