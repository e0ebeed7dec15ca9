package io.edgeplane.proxy.metrics;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's meters on a registry, through a real listener and WireMock containers. */
@Timeout(60)
class ProxyMetersTest {

    private final List<AutoCloseable> closers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Set<String> histograms = ConcurrentHashMap.newKeySet();

    {
        // SimpleMeterRegistry keeps no buckets; what the proxy asks for shows in the configuration.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (config.getServiceLevelObjectiveBoundaries() != null
                        && config.getServiceLevelObjectiveBoundaries().length == ProxyMeters.LATENCY_BUCKETS.length
                        && config.getServiceLevelObjectiveBoundaries()[0] == 100_000.0) {
                    histograms.add(id.getName());   // buckets from 100 µs (in nanoseconds here)
                }
                return config;
            }
        });
    }
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
        Counter c = registry.find("edge.proxy.requests").tag("service", service).tag("status", status).counter();
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

        Timer latency = registry.find("edge.proxy.upstream.latency").tag("service", "web").timer();
        assertEquals(5, latency.count());
        assertTrue(latency.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(1, registry.find("edge.proxy.upstream.latency").tag("service", "api").timer().count());
        assertNull(registry.find("edge.proxy.upstream.latency").tag("service", "-").timer(),
                "no upstream, no latency");
        assertTrue(histograms.contains("edge.proxy.upstream.latency"), "a histogram with buckets from 100 µs is published");
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
