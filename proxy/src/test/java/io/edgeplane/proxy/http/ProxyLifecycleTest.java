package io.edgeplane.proxy.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconfiguration: listeners follow the configuration, routes swap, in-flight work finishes; access log. */
class ProxyLifecycleTest {

    @Test
    void listenersOpenAndCloseAsTheConfigurationChanges() throws Exception {
        WireMockServer web = Backends.named("web");
        WireMockServer api = Backends.named("api");
        int p1 = FreePorts.one();
        int p2 = FreePorts.one();
        try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            proxy.apply(TestConfig.create().http("web", p1).container("web", web.port()).build());
            assertEquals(Set.of(p1), proxy.boundPorts());
            assertEquals("web", RawHttpClient.get(p1, "x", "/").header("X-Backend"));

            proxy.apply(TestConfig.create().http("web", p1).container("web", web.port())
                    .http("api", p2).container("api", api.port()).build());
            assertEquals(Set.of(p1, p2), proxy.boundPorts());
            assertEquals("api", RawHttpClient.get(p2, "x", "/").header("X-Backend"));

            proxy.apply(TestConfig.create().http("api", p2).container("api", api.port()).build());
            assertEquals(Set.of(p2), proxy.boundPorts());
            assertThrows(ConnectException.class, () -> RawHttpClient.get(p1, "x", "/"));
        } finally {
            web.stop();
            api.stop();
        }
    }

    @Test
    void inFlightRequestsFinishOnTheRoutesTheyStartedWith() throws Exception {
        WireMockServer old = Backends.named("old");
        WireMockServer fresh = Backends.named("new");
        old.stubFor(any(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(700).withBody("old-slow")));
        int port = FreePorts.one();
        try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            proxy.apply(TestConfig.create().http("web", port).container("web", 1, old.port()).build());
            try (RawHttpClient keptAlive = new RawHttpClient(port)) {
                CompletableFuture<RawHttpClient.Response> slow = CompletableFuture.supplyAsync(() -> {
                    try {
                        return RawHttpClient.get(port, "x", "/slow");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(200);
                // Deploy: version 2 replaces version 1, same port.
                proxy.apply(TestConfig.create().http("web", port).container("web", 2, fresh.port()).build());
                assertEquals("old-slow", slow.get(5, TimeUnit.SECONDS).bodyText(), "the request in flight finished");
                assertEquals("new", RawHttpClient.get(port, "x", "/").header("X-Backend"), "new requests: new version");
                keptAlive.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("new", keptAlive.read().header("X-Backend"), "an open connection routes by the new table");
            }
        } finally {
            old.stop();
            fresh.stop();
        }
    }

    @Test
    void removedListenerLetsItsOpenConnectionsFinish() throws Exception {
        WireMockServer slow = Backends.named("slow");
        slow.stubFor(any(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(700).withBody("done")));
        int port = FreePorts.one();
        try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            proxy.apply(TestConfig.create().http("web", port).container("web", slow.port()).build());
            CompletableFuture<RawHttpClient.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttpClient.get(port, "x", "/slow");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            proxy.apply(TestConfig.create().build());
            assertTrue(proxy.boundPorts().isEmpty());
            assertEquals("done", inFlight.get(5, TimeUnit.SECONDS).bodyText());
        } finally {
            slow.stop();
        }
    }

    @Test
    void accessLogLinesAreWrittenAsynchronouslyToTheConfiguredFile(@TempDir Path dir) throws Exception {
        WireMockServer web = Backends.named("web");
        int port = FreePorts.one();
        Path log = dir.resolve("logs/access.log");
        try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            proxy.apply(TestConfig.create().http("web", port, "app.example.com").container("web", web.port())
                    .accessLog(log.toString()).build());
            RawHttpClient.exchange(port, "GET /hello?x=1 HTTP/1.1\r\nHost: app.example.com\r\nUser-Agent: test/1\r\n"
                    + "Referer: http://r/\r\nConnection: close\r\n\r\n");
            RawHttpClient.get(port, "nobody.example.com", "/missing");
            // Two connections, two event loops: their lines may land in either order.
            List<String> lines = waitForLines(log, 2).stream().sorted().toList();
            assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /hello\\?x=1 HTTP/1\\.1\" 200 3"
                    + " \"http://r/\" \"test/1\" \"127\\.0\\.0\\.1:" + web.port() + "\" \\d+\\.\\d{3} \\d+\\.\\d{3}"), lines.get(0));
            assertTrue(lines.get(1).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /missing HTTP/1\\.1\" 404 14"
                    + " \"-\" \"-\" \"-\" \\d+\\.\\d{3} -"), lines.get(1));
        } finally {
            web.stop();
        }
    }

    private static List<String> waitForLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= n) {
                    return lines;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + n + " lines in " + file);
    }
}
