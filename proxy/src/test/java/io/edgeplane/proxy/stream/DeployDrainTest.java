package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.registry.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys: new connections and sessions go to the current version; those already open stay on
 * their container until they end or drain_timeout passes, then are closed.
 */
class DeployDrainTest {

    private static StreamOptions options() {
        return StreamOptions.defaults().withEventLoopThreads(2);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDeployMovesNewTrafficAndDrainsTheOldStreamAndSession() throws Exception {
        int tcpPort = FreePort.tcp();
        int udpPort = FreePort.udp();
        try (TcpEchoServer db1 = new TcpEchoServer("v1");
             TcpEchoServer db2 = new TcpEchoServer("v2");
             UdpEchoServer stats1 = new UdpEchoServer("v1");
             UdpEchoServer stats2 = new UdpEchoServer("v2");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            StreamConfigs v1 = StreamConfigs.create().drainTimeout(Duration.ofSeconds(2))
                    .tcp("db", tcpPort).udp("stats", udpPort)
                    .container("db-1", "db", 1, db1.port())
                    .container("stats-1", "stats", 1, stats1.port());
            proxy.apply(v1.build());
            try (Socket oldStream = Clients.connect(tcpPort);
                 UdpClient oldSession = new UdpClient(udpPort)) {
                InputStream oldIn = oldStream.getInputStream();
                assertEquals("v1", Clients.readLine(oldIn));
                assertEquals("v1:hello", oldSession.ask("hello"));

                proxy.apply(v1.container("db-2", "db", 2, db2.port())
                        .container("stats-2", "stats", 2, stats2.port()).build());
                long deployed = System.nanoTime();

                Clients.write(oldStream, "still here\n");
                assertEquals("still here", Clients.readLine(oldIn), "the open stream stays on v1");
                assertEquals("v1:still", oldSession.ask("still"), "the open session stays on v1");
                try (Socket newStream = Clients.connect(tcpPort);
                     UdpClient newSession = new UdpClient(udpPort)) {
                    assertEquals("v2", Clients.readLine(newStream.getInputStream()), "a new stream goes to v2");
                    assertEquals("v2:new", newSession.ask("new"), "a new session goes to v2");
                    assertEquals(Map.of("db-1", 1, "db-2", 1, "stats-1", 1, "stats-2", 1), proxy.activeByContainer());

                    // drain_timeout (2 s) after the deploy, what is still open on v1 is closed.
                    assertNull(Clients.readLine(oldIn), "the old stream is closed at drain_timeout");
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deployed);
                    assertTrue(waited >= 1800 && waited < 6000, "closed after " + waited + " ms");
                    assertTrue(Clients.await(Duration.ofSeconds(3),
                            () -> proxy.activeByContainer().equals(Map.of("db-2", 1, "stats-2", 1))),
                            "v1 drained: " + proxy.activeByContainer());
                    assertEquals("v2:later", oldSession.ask("later"), "the old client's next datagram is a new session");
                    Clients.write(newStream, "on v2\n");
                    assertEquals("on v2", Clients.readLine(newStream.getInputStream()), "v2 traffic is untouched");
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void trafficStaysOnTheOldVersionUntilTheNewOneIsReady() throws Exception {
        int tcpPort = FreePort.tcp();
        SwitchedReadiness readiness = new SwitchedReadiness();
        try (TcpEchoServer db1 = new TcpEchoServer("v1");
             TcpEchoServer db2 = new TcpEchoServer("v2");
             StreamProxy proxy = new StreamProxy(options(), readiness)) {
            readiness.ready("db-1");
            proxy.apply(StreamConfigs.create().tcp("db", tcpPort)
                    .container("db-1", "db", 1, db1.port())
                    .container("db-2", "db", 2, db2.port()).build());
            try (Socket before = Clients.connect(tcpPort)) {
                assertEquals("v1", Clients.readLine(before.getInputStream()), "v2 is not ready yet");
                readiness.ready("db-2");
                try (Socket after = Clients.connect(tcpPort)) {
                    assertEquals("v2", Clients.readLine(after.getInputStream()), "v2 is ready: it is current");
                }
                Clients.write(before, "ok\n");
                assertEquals("ok", Clients.readLine(before.getInputStream()), "the v1 stream drains, not cut");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRemovedPortStopsAcceptingWhileWhatIsOpenCarriesOn() throws Exception {
        int tcpPort = FreePort.tcp();
        int udpPort = FreePort.udp();
        try (TcpEchoServer db = new TcpEchoServer("db");
             UdpEchoServer stats = new UdpEchoServer("stats");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            StreamConfigs both = StreamConfigs.create().tcp("db", tcpPort).udp("stats", udpPort)
                    .container("db-1", "db", 1, db.port()).container("stats-1", "stats", 1, stats.port());
            proxy.apply(both.build());
            try (Socket stream = Clients.connect(tcpPort);
                 UdpClient session = new UdpClient(udpPort);
                 UdpClient latecomer = new UdpClient(udpPort)) {
                assertEquals("db", Clients.readLine(stream.getInputStream()));
                assertEquals("stats:a", session.ask("a"));

                Config none = StreamConfigs.create().container("db-1", "db", 1, db.port())
                        .container("stats-1", "stats", 1, stats.port()).build();
                proxy.apply(none);
                assertEquals(Set.of(), proxy.tcpPorts());
                assertEquals(Set.of(), proxy.udpPorts());
                assertThrows(ConnectException.class, () -> Clients.connect(tcpPort).close());
                assertThrows(SocketTimeoutException.class, () -> latecomer.ask("b"), "no new sessions");

                Clients.write(stream, "still\n");
                assertEquals("still", Clients.readLine(stream.getInputStream()), "the open stream carries on");
                assertEquals("stats:c", session.ask("c"), "the open session carries on, from the same port");
                assertEquals(udpPort, session.lastReplyPort());

                proxy.apply(both.build());
                assertEquals(Set.of(udpPort), proxy.udpPorts(), "the lingering socket takes sessions again");
                assertEquals("stats:d", latecomer.ask("d"));
            }
        }
    }

    /** Readiness the test switches by container id, telling the proxy as the probes would. */
    private static final class SwitchedReadiness implements Readiness {
        private final Set<String> ready = ConcurrentHashMap.newKeySet();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        void ready(String id) {
            ready.add(id);
            listeners.forEach(Runnable::run);
        }

        @Override
        public boolean ready(Container container) {
            return ready.contains(container.id());
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }
}
