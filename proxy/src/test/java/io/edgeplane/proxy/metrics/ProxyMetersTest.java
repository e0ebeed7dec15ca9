package io.edgeplane.proxy.metrics;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's meters on a registry, through a real listener and WireMock containers. */
@Timeout(60)
class ProxyMetersTest {

    private final List<AutoCloseable> closers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final int port = FreePorts.one();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    private WireMockServer backend(String name) {
        WireMockServer s = Backends.named(name);
        closers.add(s::stop);
        return s;
    }

    private Proxy proxy(TestConfig config) {
        Proxy p = new Proxy(ProxyOptions.defaults()).bindMeters(registry);
        closers.add(p);
        p.apply(config.build());
        return p;
    }

    private double requests(String service, String status) {
        FunctionCounter c = registry.find("edge.proxy.requests").tag("service", service).tag("status", status)
                .functionCounter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? -1 : g.value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void requestsAreCountedByServiceAndStatusClassWithUpstreamLatency() throws Exception {
        WireMockServer web = backend("web");
        web.stubFor(get(urlEqualTo("/missing")).atPriority(1).willReturn(aResponse().withStatus(404)));
        web.stubFor(get(urlEqualTo("/boom")).atPriority(1).willReturn(aResponse().withStatus(500)));
        WireMockServer api = backend("api");
        proxy(TestConfig.create().http("web", port, "web.example.com").http("api", port, "api.example.com")
                .container("web", web.port()).container("api", api.port()));

        try (RawHttpClient client = new RawHttpClient(port)) {
            for (String path : new String[]{"/a", "/b", "/c", "/missing", "/boom"}) {
                client.send("GET " + path + " HTTP/1.1\r\nHost: web.example.com\r\n\r\n");
                client.read();
            }
            client.send("GET / HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
            assertEquals(200, client.read().status());
            client.send("GET / HTTP/1.1\r\nHost: nobody.example.com\r\n\r\n");
            assertEquals(404, client.read().status());
        }

        await("7 exchanges counted", () -> requests("web", "2xx") + requests("web", "4xx") + requests("web", "5xx")
                + requests("api", "2xx") + requests("-", "4xx") == 7);
        assertEquals(3, requests("web", "2xx"));
        assertEquals(1, requests("web", "4xx"));
        assertEquals(1, requests("web", "5xx"));
        assertEquals(1, requests("api", "2xx"));
        assertEquals(1, requests("-", "4xx"), "answered by the proxy itself, without a service");

        // Outside Prometheus the latency is a function timer: count and total, no buckets.
        FunctionTimer latency = registry.find("edge.proxy.upstream.latency").tag("service", "web").functionTimer();
        assertEquals(5, latency.count());
        assertTrue(latency.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(1, registry.find("edge.proxy.upstream.latency").tag("service", "api").functionTimer().count());
        assertNull(registry.find("edge.proxy.upstream.latency").tag("service", "-").functionTimer(),
                "no upstream, no latency");
    }

    @Test
    void prometheusScrapeHasTheLatencyHistogramWithItsBucketsAndTheRequestCounters() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyMeters meters = new ProxyMeters(prometheus, this, t -> 0, t -> 0);
        ServiceMeters web = meters.forService("web");
        web.exchange(200, 100_000);             // on the first bound: in le=1.0E-4
        web.exchange(200, 300_000);             // between 250 and 500 µs
        web.exchange(404, 2_000_000);           // 2 ms
        web.exchange(502, 90_000_000_000L);     // above a minute: only in +Inf
        meters.forService("-").exchange(404, -1);
        meters.forService("api").exchange(0, -1);

        String text = prometheus.scrape();
        String bucket = "edge_proxy_upstream_latency_seconds_bucket{service=\"web\",le=";
        assertTrue(text.contains("# TYPE edge_proxy_upstream_latency_seconds histogram\n"), text);
        assertTrue(text.contains("# HELP edge_proxy_upstream_latency_seconds Time from dialling or taking a pooled"
                + " connection to the upstream's response\n"), text);
        for (String line : new String[]{
                bucket + "\"1.0E-4\"} 1\n",
                bucket + "\"2.5E-4\"} 1\n",
                bucket + "\"5.0E-4\"} 2\n",
                bucket + "\"0.001\"} 2\n",
                bucket + "\"0.0025\"} 3\n",
                bucket + "\"1.0\"} 3\n",
                bucket + "\"60.0\"} 3\n",
                bucket + "\"+Inf\"} 4\n",
                "edge_proxy_upstream_latency_seconds_count{service=\"web\"} 4\n",
                "edge_proxy_upstream_latency_seconds_sum{service=\"web\"} 90.0024\n",
                "edge_proxy_requests_total{service=\"web\",status=\"2xx\"} 2.0\n",
                "edge_proxy_requests_total{service=\"web\",status=\"4xx\"} 1.0\n",
                "edge_proxy_requests_total{service=\"web\",status=\"5xx\"} 1.0\n",
                "edge_proxy_requests_total{service=\"-\",status=\"4xx\"} 1.0\n",
                "edge_proxy_requests_total{service=\"api\",status=\"none\"} 1.0\n"}) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        assertEquals(ProxyMeters.LATENCY_BUCKETS.length + 1, text.lines().filter(l -> l.startsWith(bucket)).count(),
                "18 buckets from 100 µs, then +Inf");
        assertFalse(text.contains("service=\"-\",le="), "no upstream, no latency");
        assertFalse(text.contains("service=\"api\",le="), "no upstream, no latency");
        assertFalse(text.contains("edge_proxy_requests_total{service=\"web\",status=\"3xx\"}"), "a class never seen");
        assertFalse(text.contains("edge_proxy_upstream_latency_seconds_max"), "no max: it needed a clock per record");
    }

    @Test
    void activeAndDrainingConnectionsAreGauges() throws Exception {
        WireMockServer v1 = backend("v1");
        v1.stubFor(get(urlEqualTo("/slow")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1500).withBody("slow")));
        WireMockServer v2 = backend("v2");
        Proxy proxy = proxy(TestConfig.create().http("web", port).container("web-1", "web", 1, v1.port()));
        assertEquals(0, gauge("edge.proxy.connections.active"));
        assertEquals(0, gauge("edge.proxy.connections.draining"));

        CompletableFuture<RawHttpClient.Response> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttpClient.get(port, "x", "/slow");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await("the slow exchange in flight", () -> gauge("edge.proxy.connections.active") == 1);
        assertEquals(0, gauge("edge.proxy.connections.draining"), "version 1 is still current");

        // Version 2 arrives: the exchange on version 1 goes on, on a draining container.
        proxy.apply(TestConfig.create().http("web", port).container("web-1", "web", 1, v1.port())
                .container("web-2", "web", 2, v2.port()).build());
        assertEquals(1, gauge("edge.proxy.connections.draining"));
        assertEquals(1, gauge("edge.proxy.connections.active"));

        assertEquals(200, slow.get(10, TimeUnit.SECONDS).status());
        await("the exchange over", () -> gauge("edge.proxy.connections.active") == 0);
        assertEquals(0, gauge("edge.proxy.connections.draining"));
        await("counted", () -> requests("web", "2xx") == 1);
    }
}
