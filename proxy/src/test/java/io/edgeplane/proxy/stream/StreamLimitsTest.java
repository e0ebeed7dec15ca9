package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** edge.yml's stream keys: idle timeout, UDP session timeout, connect timeout, connections per port. */
class StreamLimitsTest {

    private static StreamOptions fromEdgeYml(Duration idle, Duration udpSession, Duration connect, int maxConnections) {
        Settings.Proxy d = Settings.Proxy.defaults();
        Settings.Limits limits = new Settings.Limits(0, Duration.ofSeconds(60), Duration.ofSeconds(75), 10_000,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofSeconds(20));
        Settings.Proxy proxy = new Settings.Proxy(d.bind(), d.drainTimeout(), d.accessLog(), d.tls(), limits,
                new Settings.StreamLimits(idle, udpSession, connect, maxConnections));
        return StreamOptions.from(proxy).withEventLoopThreads(2);
    }

    @Test
    void optionsFollowEdgeYml() {
        StreamOptions o = fromEdgeYml(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 100);
        assertEquals(Duration.ofMinutes(5), o.tcpIdleTimeout());
        assertEquals(Duration.ofSeconds(30), o.udpIdleTimeout());
        assertEquals(Duration.ofSeconds(2), o.connectTimeout());
        assertEquals(100, o.maxConnectionsPerPort());
        assertEquals(3, o.maxFails(), "passive health shared with the HTTP proxy");
        assertEquals(Duration.ofSeconds(20), o.failTimeout());
        StreamOptions defaults = StreamOptions.from(Settings.Proxy.defaults());
        assertEquals(StreamOptions.defaults(), defaults, "an empty edge.yml changes nothing");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anIdleStreamIsClosedAfterStreamIdleTimeout() throws Exception {
        int port = FreePort.tcp();
        StreamOptions options = fromEdgeYml(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(5), 0);
        try (TcpEchoServer echo = new TcpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("echo", port).container("echo-1-a", "echo", 1, echo.port()).build());
            try (Socket s = Clients.connect(port)) {
                InputStream in = s.getInputStream();
                assertEquals("a", Clients.readLine(in));
                long start = System.nanoTime();
                assertNull(Clients.readLine(in), "closed by the proxy");
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 400 && waited < 5000, "closed after " + waited + " ms");
            }
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.active("echo-1-a") == 0));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aUdpSessionEndsAfterUdpSessionTimeout() throws Exception {
        int port = FreePort.udp();
        StreamOptions options = fromEdgeYml(Duration.ofMinutes(10), Duration.ofMillis(400), Duration.ofSeconds(5), 0);
        try (UdpEchoServer echo = new UdpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("dns", port).container("dns-1-a", "dns", 1, echo.port()).build());
            assertEquals("a:x", client.ask("x"));
            assertEquals(1, proxy.udpSessions(port));
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.udpSessions(port) == 0), "session ended");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void thePortRefusesTheConnectionBeyondMaxStreamConnections() throws Exception {
        int port = FreePort.tcp();
        StreamOptions options = fromEdgeYml(Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(5), 3);
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (TcpEchoServer echo = new TcpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED).bindMeters(meters)) {
            proxy.apply(StreamConfigs.create().tcp("echo", port).container("echo-1-a", "echo", 1, echo.port()).build());
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = Clients.connect(port);
                    open.add(s);
                    assertEquals("a", Clients.readLine(s.getInputStream()), "connection " + i + " is within the cap");
                }
                try (Socket fourth = Clients.connect(port)) {
                    assertNull(Clients.readLine(fourth.getInputStream()), "the fourth is closed at once");
                }
                assertEquals(3, echo.accepted(), "the fourth never reached the container");
                assertEquals(1.0, meters.get("edge.proxy.stream.refused").tag("reason", "max_stream_connections")
                        .functionCounter().count(), "counted, for operators to see the cap biting");
                open.removeFirst().close();
                // The slot frees once the proxy has seen the close.
                assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.active("echo-1-a") == 2));
                try (Socket again = Clients.connect(port)) {
                    assertEquals("a", Clients.readLine(again.getInputStream()), "a freed slot takes a new one");
                }
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theCapIsPerPort() throws Exception {
        int first = FreePort.tcp();
        int second = FreePort.tcp();
        StreamOptions options = fromEdgeYml(Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(5), 1);
        try (TcpEchoServer echo = new TcpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("one", first).tcp("two", second)
                    .container("one-1-a", "one", 1, echo.port())
                    .container("two-1-a", "two", 1, echo.port()).build());
            try (Socket a = Clients.connect(first); Socket b = Clients.connect(second)) {
                assertEquals("a", Clients.readLine(a.getInputStream()));
                assertEquals("a", Clients.readLine(b.getInputStream()), "another port has its own count");
                try (Socket refused = Clients.connect(first)) {
                    assertNull(Clients.readLine(refused.getInputStream()));
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void maxStreamConnectionsCapsUdpSessionsToo() throws Exception {
        int port = FreePort.udp();
        StreamOptions options = fromEdgeYml(Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(5), 1);
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (UdpEchoServer echo = new UdpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED).bindMeters(meters);
             UdpClient first = new UdpClient(port);
             UdpClient second = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("dns", port).container("dns-1-a", "dns", 1, echo.port()).build());
            assertEquals("a:x", first.ask("x"));
            assertNull(second.askOnce("y", 500),
                    "a second source would be a second session: over the cap, its datagram is dropped");
            assertEquals(1, proxy.udpSessions(port));
            assertTrue(meters.get("edge.proxy.stream.refused").tag("reason", "max_stream_connections")
                    .functionCounter().count() >= 1, "counted");
            assertEquals("a:z", first.ask("z"), "the session within the cap carries on");
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.udpSessions(port) == 0), "it times out");
            assertEquals("a:y", second.ask("y"), "and its slot takes a new session");
        }
    }
}
