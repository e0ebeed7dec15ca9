package io.edgeplane.proxy.health;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.HealthCheck;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness from probes: TCP connect without a rule, accepted HTTP codes with one, N failures. */
@Timeout(30)
class HealthProberTest {

    // Short intervals; generous timeouts, so a loaded machine (a cold WireMock's first answer)
    // does not read as a failed probe.
    private static final HealthOptions FAST = new HealthOptions(Duration.ofMillis(50), Duration.ofMillis(100), 3,
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    private static Config one(int port, HealthCheck rule) {
        TestConfig t = TestConfig.create().http("web", FreePorts.one());
        if (rule != null) {
            t.health(rule);
        }
        return t.container("web-1", "web", 1, port).build();
    }

    @Test
    void withoutARuleATcpConnectDecides() throws Exception {
        int closed = FreePorts.one();
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HealthProber probes = new HealthProber(FAST)) {
            Config up = one(open.getLocalPort(), null);
            probes.apply(up);
            assertTrue(probes.ready(up.inventory().containers().getFirst()), "ready as soon as apply returns");
            Config down = one(closed, null);
            probes.apply(down);
            assertFalse(probes.ready(down.inventory().containers().getFirst()));
        }
    }

    @Test
    void aUdpOnlyServiceIsReadyOnceAddressedAndAMixedOneIsProbedOnItsTcpPort() throws Exception {
        int closed = FreePorts.one();
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HealthProber probes = new HealthProber(FAST)) {
            // Nothing accepts TCP on the UDP port: a connect probe there would never pass.
            Config udpOnly = TestConfig.create().service("dns", new PortMapping(3000, 0, 0, 0, FreePorts.one()))
                    .container("dns-1", "dns", 1, closed).build();
            probes.apply(udpOnly);
            assertTrue(probes.ready(udpOnly.inventory().containers().getFirst()));

            Config mixed = TestConfig.create()
                    .service("game", List.of(new PortMapping(4000, 0, 0, 0, FreePorts.one()),
                            new PortMapping(3000, 0, 0, FreePorts.one(), 0)))
                    .container("game-1", "game", 1, open.getLocalPort()).build();
            probes.apply(mixed);
            assertTrue(probes.ready(mixed.inventory().containers().getFirst()), "probed on 3000 (tcp), not 4000 (udp)");
        }
    }

    @Test
    void anHttpRuleAcceptsOnlyItsCodesAndNotifiesChanges() throws Exception {
        WireMockServer c = Backends.named("c");
        try (HealthProber probes = new HealthProber(FAST)) {
            c.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(204)));
            Semaphore changes = new Semaphore(0);
            probes.onChange(changes::release);
            Config config = one(c.port(), new HealthCheck("inbound", "/healthz", "http", List.of("2xx"),
                    Duration.ofSeconds(30)));
            probes.apply(config);
            var container = config.inventory().containers().getFirst();
            assertTrue(probes.ready(container), "204 is in 2xx");

            c.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(503)));
            long start = System.nanoTime();
            assertTrue(changes.tryAcquire(2, 5, TimeUnit.SECONDS), "told of both changes");
            assertFalse(probes.ready(container));
            // ready → unready takes three failures in a row, probed every 100 ms
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));

            c.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(200)));
            assertTrue(changes.tryAcquire(1, 5, TimeUnit.SECONDS));
            assertTrue(probes.ready(container), "one success makes it ready again");
        } finally {
            c.stop();
        }
    }

    @Test
    void aContainerThatStopsAnsweringBecomesUnready() throws Exception {
        ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (HealthProber probes = new HealthProber(FAST)) {
            Config config = one(open.getLocalPort(), null);
            probes.apply(config);
            var container = config.inventory().containers().getFirst();
            assertTrue(probes.ready(container));
            open.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (probes.ready(container) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(probes.ready(container));
        } finally {
            try {
                open.close();
            } catch (IOException e) {
                // closed above
            }
        }
    }
}
