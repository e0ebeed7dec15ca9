package io.edgeplane.proxy.stream;

import io.edgeplane.conf.registry.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** udp: ports keep one session per client, pinned to one container, and forget it when idle. */
class UdpRelayTest {

    private static StreamOptions options(Duration udpIdle) {
        return StreamOptions.defaults().withEventLoopThreads(2)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(10), udpIdle);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHundredConcurrentClientsEachStayOnOneContainer() throws Exception {
        int port = FreePort.udp();
        try (UdpEchoServer a = new UdpEchoServer("a");
             UdpEchoServer b = new UdpEchoServer("b");
             UdpEchoServer c = new UdpEchoServer("c");
             StreamProxy proxy = new StreamProxy(options(Duration.ofSeconds(60)), Readiness.ADDRESSED);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            proxy.apply(StreamConfigs.create().udp("dns", port)
                    .container("dns-1-a", "dns", 1, a.port())
                    .container("dns-1-b", "dns", 1, b.port())
                    .container("dns-1-c", "dns", 1, c.port()).build());
            List<UdpClient> clients = new ArrayList<>();
            List<Future<String>> pinned = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    UdpClient client = new UdpClient(port);
                    clients.add(client);
                    int id = i;
                    pinned.add(pool.submit(() -> {
                        String first = null;
                        for (int j = 0; j < 5; j++) {
                            String payload = "client " + id + " datagram " + j;
                            String answer = client.ask(payload);
                            String container = answer.substring(0, answer.indexOf(':'));
                            assertEquals(container + ":" + payload, answer);
                            assertEquals(port, client.lastReplyPort(), "replies leave from the listening port");
                            if (first == null) {
                                first = container;
                            }
                            assertEquals(first, container, "client " + id + " stays on one container");
                            Thread.sleep(10);
                        }
                        return first;
                    }));
                }
                Map<String, Integer> perContainer = new TreeMap<>();
                for (Future<String> f : pinned) {
                    perContainer.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
                }
                // Round-robin per session: 100 sessions over 3 containers.
                assertEquals(List.of(33, 33, 34), perContainer.values().stream().sorted().toList(), perContainer.toString());
                assertEquals(100, proxy.udpSessions(port));
                assertEquals(Map.of("dns-1-a", perContainer.get("a"), "dns-1-b", perContainer.get("b"),
                        "dns-1-c", perContainer.get("c")), proxy.activeByContainer());
                // One socket per session: each container saw as many peers as it has sessions.
                assertEquals(perContainer.get("a"), a.peers().size());
                assertEquals(perContainer.get("b"), b.peers().size());
            } finally {
                clients.forEach(UdpClient::close);
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anIdleSessionExpiresAndTheNextDatagramStartsANewOne() throws Exception {
        int port = FreePort.udp();
        try (UdpEchoServer a = new UdpEchoServer("a");
             UdpEchoServer b = new UdpEchoServer("b");
             StreamProxy proxy = new StreamProxy(options(Duration.ofMillis(400)), Readiness.ADDRESSED);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("dns", port)
                    .container("dns-1-a", "dns", 1, a.port())
                    .container("dns-1-b", "dns", 1, b.port()).build());
            assertEquals("a:one", client.ask("one"));
            for (int i = 0; i < 4; i++) {
                Thread.sleep(200);
                assertEquals("a:again", client.ask("again"), "traffic keeps the session");
            }
            assertEquals(1, proxy.udpSessions(port));
            long start = System.nanoTime();
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.udpSessions(port) == 0), "the session expired");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 250, "expired after " + waited + " ms");
            assertEquals(Map.of(), proxy.activeByContainer());
            assertEquals("b:two", client.ask("two"), "a new session, on the next container in turn");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void largeDatagramsPassWhole() throws Exception {
        int port = FreePort.udp();
        try (UdpEchoServer a = new UdpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options(Duration.ofSeconds(60)), Readiness.ADDRESSED);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("big", port).container("big-1-a", "big", 1, a.port()).build());
            byte[] payload = new byte[60_000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            byte[] answer = client.ask(payload);
            assertEquals(payload.length + 2, answer.length);
            assertArrayEquals(payload, java.util.Arrays.copyOfRange(answer, 2, answer.length));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void withoutAReadyContainerDatagramsAreDroppedAndNoSessionStarts() throws Exception {
        int port = FreePort.udp();
        try (StreamProxy proxy = new StreamProxy(options(Duration.ofSeconds(60)), Readiness.ADDRESSED);
             UdpClient client = new UdpClient(port)) {
            proxy.apply(StreamConfigs.create().udp("dns", port).build());
            assertEquals(Set.of(port), proxy.udpPorts());
            client.send("anyone?");
            Thread.sleep(200);
            assertEquals(0, proxy.udpSessions(port));
        }
    }
}
