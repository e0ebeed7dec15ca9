package io.edgeplane.proxy.stream;

import io.edgeplane.conf.registry.Readiness;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** tcp: a container that refuses connections is taken out after max_fails, like the HTTP proxy's upstreams. */
class StreamPassiveHealthTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aDeadContainerIsSkippedAfterMaxFailsAndEveryConnectionSucceeds() throws Exception {
        int port = FreePort.tcp();
        int dead = FreePort.tcp();
        MeterRegistry registry = new SimpleMeterRegistry();
        StreamOptions options = StreamOptions.defaults().withEventLoopThreads(2)
                .withPassiveHealth(2, Duration.ofSeconds(30));
        try (TcpEchoServer live = new TcpEchoServer("live");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED).bindMeters(registry)) {
            proxy.apply(StreamConfigs.create().tcp("db", port)
                    .container("db-1-dead", "db", 1, dead)
                    .container("db-1-live", "db", 1, live.port()).build());
            for (int i = 0; i < 12; i++) {
                try (Socket s = Clients.connect(port)) {
                    assertEquals("live", Clients.readLine(s.getInputStream()), "connection " + i);
                }
            }
            assertEquals(12, live.accepted());
            // Round-robin would dial the dead one first for every other connection (6 of 12);
            // after max_fails it is tried last, so never while the live one accepts.
            assertEquals(2, failures(registry), "dialled only until max_fails took it out");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void maxFailsZeroNeverTakesAContainerOut() throws Exception {
        int port = FreePort.tcp();
        int dead = FreePort.tcp();
        MeterRegistry registry = new SimpleMeterRegistry();
        StreamOptions options = StreamOptions.defaults().withEventLoopThreads(2)
                .withPassiveHealth(0, Duration.ofSeconds(30));
        try (TcpEchoServer live = new TcpEchoServer("live");
             StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED).bindMeters(registry)) {
            proxy.apply(StreamConfigs.create().tcp("db", port)
                    .container("db-1-dead", "db", 1, dead)
                    .container("db-1-live", "db", 1, live.port()).build());
            for (int i = 0; i < 6; i++) {
                try (Socket s = Clients.connect(port)) {
                    assertEquals("live", Clients.readLine(s.getInputStream()), "connection " + i);
                }
            }
            assertEquals(3, failures(registry), "plain round-robin: every other connection dials it first");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aContainerTakenOutIsStillTriedWhenItIsTheOnlyOne() throws Exception {
        int port = FreePort.tcp();
        int container = FreePort.tcp();
        StreamOptions options = StreamOptions.defaults().withEventLoopThreads(2)
                .withPassiveHealth(1, Duration.ofSeconds(30));
        try (StreamProxy proxy = new StreamProxy(options, Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("db", port).container("db-1-a", "db", 1, container).build());
            try (Socket s = Clients.connect(port)) {
                assertEquals(null, Clients.readLine(s.getInputStream()), "refused: the client is closed");
            }
            // Now it is out, and it comes back up: it is still dialled, and success clears it.
            try (TcpEchoServer back = TcpEchoServer.on(container, "back")) {
                try (Socket s = Clients.connect(port)) {
                    assertEquals("back", Clients.readLine(s.getInputStream()));
                }
            }
        }
    }

    private static double failures(MeterRegistry registry) {
        FunctionCounter c = registry.find("edge.proxy.stream.connect.failures").tag("service", "db").functionCounter();
        return c == null ? 0 : c.count();
    }
}
