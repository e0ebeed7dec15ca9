package io.edgeplane.edge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `edge run` routes HTTP by host name to the containers of the registry, and follows changes. */
class ProxyInRunTest {

    static {
        // Host names are the point of the test; the JDK client refuses to set Host without this.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    @TempDir
    Path dir;

    private static HttpServer container(String answer) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String get(HttpClient client, int port, String host) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", host).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void routesByHostNameAndFollowsAnEditedInventory() throws Exception {
        HttpServer web = container("web");
        HttpServer api = container("api");
        try {
            int port = ConfigTexts.freePort();
            ConfigTexts.Ports ports = ConfigTexts.write(dir, """
                    services:
                      web:
                        ports: ["3000:%d"]
                        traffic_matches: ["app.example.com"]
                      api:
                        ports: ["4000:%d"]
                        traffic_matches: ["api.example.com"]
                    """.formatted(port, port));
            String inventory = """
                    servers:
                      - {name: web-1, address: 127.0.0.1}
                    containers:
                      - {id: web-1-a, service: web, version: 1, server: web-1, address: 127.0.0.1, published: {3000: %d}}
                    """.formatted(web.getAddress().getPort());
            Files.writeString(dir.resolve("inventory.yml"), inventory);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
                int line = edge.awaitLine(0, "running at revision 1");
                assertEquals("200 web", get(client, port, "app.example.com"));
                assertEquals("503", get(client, port, "api.example.com").substring(0, 3));
                assertEquals("404", get(client, port, "other.example.com").substring(0, 3));

                Files.writeString(dir.resolve("inventory.yml"), inventory + """
                          - {id: api-1-a, service: api, version: 1, server: web-1, address: 127.0.0.1, published: {4000: %d}}
                        """.formatted(api.getAddress().getPort()));
                edge.awaitLine(line, "revision 2");
                // The registry logs a revision before its parts have applied it and probed the new
                // container, so the switch is awaited (bounded) rather than assumed.
                String answer = get(client, port, "api.example.com");
                for (long deadline = System.nanoTime() + 10_000_000_000L; !answer.equals("200 api")
                        && System.nanoTime() < deadline; answer = get(client, port, "api.example.com")) {
                    Thread.sleep(50);
                }
                assertEquals("200 api", answer);

                // What it served is on /metrics, by service and status class.
                String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.control()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("edge_proxy_requests_total{service=\"web\",status=\"2xx\"} 1.0"), metrics);
                // 503 before the api container was ready: once, or more while the switch was awaited
                assertTrue(metrics.contains("edge_proxy_requests_total{service=\"api\",status=\"5xx\"} "), metrics);
                assertTrue(metrics.contains("edge_proxy_requests_total{service=\"api\",status=\"2xx\"} 1.0"), metrics);
                assertTrue(metrics.contains("edge_proxy_requests_total{service=\"-\",status=\"4xx\"} 1.0"), metrics);
                assertTrue(metrics.contains("edge_proxy_upstream_latency_seconds_bucket{service=\"web\",le="), metrics);
                assertTrue(metrics.contains("edge_proxy_connections_active "), metrics);
            }
        } finally {
            web.stop(0);
            api.stop(0);
        }
    }
}
