package io.edgeplane.proxy.stream;

import io.edgeplane.conf.registry.Readiness;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream proxy's meters: open streams, streams and bytes per service and protocol, connect failures. */
class StreamMetersTest {

    private static StreamOptions options() {
        return StreamOptions.defaults().withEventLoopThreads(2);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void tcpStreamsAndBytesAreCountedPerServiceAndDirection() throws Exception {
        int port = FreePort.tcp();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TcpEchoServer echo = new TcpEchoServer("db");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED).bindMeters(registry)) {
            proxy.apply(StreamConfigs.create().tcp("db", port).container("db-1-a", "db", 1, echo.port()).build());
            try (Socket s = Clients.connect(port)) {
                assertEquals("db", Clients.readLine(s.getInputStream()));
                Clients.write(s, "hello\n");
                assertEquals("hello", Clients.readLine(s.getInputStream()));
                assertTrue(Clients.await(Duration.ofSeconds(5), () -> active(registry, "tcp") == 1), "one open");
                assertEquals(0, active(registry, "udp"));
            }
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> active(registry, "tcp") == 0), "closed");
            assertEquals(1, counter(registry, "edge.proxy.streams.total", "service", "db", "protocol", "tcp"));
            // "db\n" and "hello\n" back; "hello\n" in.
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> counter(registry, "edge.proxy.stream.bytes",
                    "service", "db", "protocol", "tcp", "direction", "out") == 9));
            assertEquals(6, counter(registry, "edge.proxy.stream.bytes",
                    "service", "db", "protocol", "tcp", "direction", "in"));
            assertEquals(0, counter(registry, "edge.proxy.stream.connect.failures", "service", "db"));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void udpSessionsAndBytesAreCounted() throws Exception {
        int port = FreePort.udp();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (UdpEchoServer echo = new UdpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED).bindMeters(registry);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("dns", port).container("dns-1-a", "dns", 1, echo.port()).build());
            assertEquals("a:ping", client.ask("ping"));
            assertEquals("a:pong", client.ask("pong"));
            assertEquals(1, active(registry, "udp"));
            assertEquals(0, active(registry, "tcp"));
            assertEquals(1, counter(registry, "edge.proxy.streams.total", "service", "dns", "protocol", "udp"));
            // Each datagram may be retried on a slow machine; at least what was asked went each way.
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> bytes(registry, "out") >= 12), "out");
            double in = bytes(registry, "in");
            double out = bytes(registry, "out");
            assertTrue(in >= 8 && in % 4 == 0, "in " + in);
            assertTrue(out >= 12 && out % 6 == 0, "out " + out);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRefusedConnectIsCountedForTheService() throws Exception {
        int port = FreePort.tcp();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED).bindMeters(registry)) {
            proxy.apply(StreamConfigs.create().tcp("db", port).container("db-1-a", "db", 1, FreePort.tcp()).build());
            try (Socket s = Clients.connect(port)) {
                assertNull(Clients.readLine(s.getInputStream()), "closed: no container accepted");
            }
            assertEquals(1, counter(registry, "edge.proxy.stream.connect.failures", "service", "db"));
            assertEquals(0, counter(registry, "edge.proxy.streams.total", "service", "db", "protocol", "tcp"));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDatagramWithNoReadyContainerIsCountedAsRefused() throws Exception {
        int port = FreePort.udp();
        MeterRegistry registry = new SimpleMeterRegistry();
        Readiness never = c -> false;
        try (StreamProxy proxy = new StreamProxy(options(), never).bindMeters(registry);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("stats", port).container("stats-1-a", "stats", 1, FreePort.udp())
                    .build());
            assertNull(client.askOnce("x", 300), "no ready container: no session");
            assertTrue(Clients.await(java.time.Duration.ofSeconds(5), () -> registry.get("edge.proxy.stream.refused")
                    .tag("reason", "no_ready_container").functionCounter().count() >= 1), "counted, as for TCP");
            assertEquals(0, proxy.udpSessions(port));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void metersBoundAfterTheFirstApplyStillCountNewStreams() throws Exception {
        int port = FreePort.tcp();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TcpEchoServer echo = new TcpEchoServer("db");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("db", port).container("db-1-a", "db", 1, echo.port()).build());
            proxy.bindMeters(registry);
            try (Socket s = Clients.connect(port)) {
                assertEquals("db", Clients.readLine(s.getInputStream()));
            }
            assertEquals(1, counter(registry, "edge.proxy.streams.total", "service", "db", "protocol", "tcp"));
        }
    }

    private static double bytes(MeterRegistry registry, String direction) {
        return counter(registry, "edge.proxy.stream.bytes", "service", "dns", "protocol", "udp", "direction", direction);
    }

    private static double active(MeterRegistry registry, String protocol) {
        Gauge g = registry.find("edge.proxy.streams.active").tag("protocol", protocol).gauge();
        return g == null ? -1 : g.value();
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        FunctionCounter c = registry.find(name).tags(tags).functionCounter();
        return c == null ? -1 : c.count();
    }
}
