package io.edgeplane.proxy.stream;

import io.edgeplane.conf.testing.HeapSampler;

import io.edgeplane.conf.registry.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tcp: ports relay bytes both ways with backpressure, half-close, round-robin and connect failover. */
class TcpRelayTest {

    private static final long GIB = 1L << 30;

    private static StreamOptions options() {
        return StreamOptions.defaults().withEventLoopThreads(2);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneGibEachWayAtOnceWithBoundedHeap() throws Exception {
        int port = FreePort.tcp();
        try (TcpEchoServer echo = new TcpEchoServer(null);
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED);
             HeapSampler heap = new HeapSampler()) {
            proxy.apply(StreamConfigs.create().tcp("echo", port).container("echo-1-a", "echo", 1, echo.port()).build());
            Socket client = Clients.connect(port);
            client.setSoTimeout(60_000);
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            // The echo sends everything back while we are still sending: both directions are
            // full at once, so a proxy without backpressure would buffer until it ran out of heap.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    for (long sent = 0; sent < GIB; sent += block.length) {
                        out.write(block);
                    }
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            InputStream in = client.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != block[(int) ((got + i) % block.length)]) {
                        throw new AssertionError("byte " + (got + i) + " differs");
                    }
                }
                got += n;
            }
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(GIB, got, "every byte came back, in order");
            long peak = heap.peakBytes();
            // -Xmx512m and 256m of direct memory (proxy/pom.xml); the sample shows the margin.
            assertTrue(peak < 400L * 1024 * 1024, "peak heap " + (peak >> 20) + " MiB");
            System.out.println("tcp: 1 GiB each way at once; peak heap used " + (peak >> 20) + " MiB");
            client.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void halfCloseFromTheClientLetsTheContainerStillAnswer() throws Exception {
        int port = FreePort.tcp();
        // The container answers only after end of input: the answer must travel after the FIN.
        try (ServerSocket container = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = container.accept()) {
                    byte[] all = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(("got " + all.length + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on its side
                }
            });
            proxy.apply(StreamConfigs.create().tcp("count", port)
                    .container("count-1-a", "count", 1, container.getLocalPort()).build());
            try (Socket client = Clients.connect(port)) {
                Clients.write(client, "hello half-closed world");
                client.shutdownOutput();
                assertEquals("got 23\n", Clients.readAll(client.getInputStream()));
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void halfCloseFromTheContainerLetsTheClientStillSend() throws Exception {
        int port = FreePort.tcp();
        CompletableFuture<String> received = new CompletableFuture<>();
        try (ServerSocket container = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = container.accept()) {
                    s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    received.complete(Clients.readAll(s.getInputStream()));
                } catch (IOException e) {
                    received.completeExceptionally(e);
                }
            });
            proxy.apply(StreamConfigs.create().tcp("talk", port)
                    .container("talk-1-a", "talk", 1, container.getLocalPort()).build());
            try (Socket client = Clients.connect(port)) {
                assertEquals("bye\n", Clients.readAll(client.getInputStream()), "the container's FIN arrives");
                Clients.write(client, "still here");
                client.shutdownOutput();
                assertEquals("still here", received.get(10, TimeUnit.SECONDS));
            }
            assertTrue(Clients.await(Duration.ofSeconds(5), () -> proxy.activeByContainer().isEmpty()),
                    "both directions closed: the connection ended, " + proxy.activeByContainer());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void connectionsGoRoundRobinOverThreeContainers() throws Exception {
        int port = FreePort.tcp();
        try (TcpEchoServer a = new TcpEchoServer("a");
             TcpEchoServer b = new TcpEchoServer("b");
             TcpEchoServer c = new TcpEchoServer("c");
             StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("echo", port)
                    .container("echo-1-a", "echo", 1, a.port())
                    .container("echo-1-b", "echo", 1, b.port())
                    .container("echo-1-c", "echo", 1, c.port()).build());
            List<String> order = new ArrayList<>();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 9; i++) {
                    Socket s = Clients.connect(port);
                    open.add(s);
                    order.add(Clients.readLine(s.getInputStream()));
                }
                assertEquals(Map.of("echo-1-a", 3, "echo-1-b", 3, "echo-1-c", 3), proxy.activeByContainer());
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            Map<String, Integer> counts = new HashMap<>();
            order.forEach(n -> counts.merge(n, 1, Integer::sum));
            assertEquals(Map.of("a", 3, "b", 3, "c", 3), counts, order.toString());
            for (int i = 3; i < 9; i++) {
                assertEquals(order.get(i - 3), order.get(i), "a fixed rotation: " + order);
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRefusedOrSilentContainerIsSkippedForTheNext() throws Exception {
        int port = FreePort.tcp();
        int refused = FreePort.tcp();
        // A listener whose accept queue is full drops SYNs: the connect times out.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TcpEchoServer good = new TcpEchoServer("good");
             StreamProxy proxy = new StreamProxy(options().withTimeouts(Duration.ofMillis(300), Duration.ofMinutes(10),
                     Duration.ofSeconds(60)), Readiness.ADDRESSED)) {
            List<Socket> fillers = fill(silent);
            try {
                proxy.apply(StreamConfigs.create().tcp("echo", port)
                        .container("echo-1-refused", "echo", 1, refused)
                        .container("echo-1-silent", "echo", 1, silent.getLocalPort())
                        .container("echo-1-good", "echo", 1, good.port()).build());
                for (int i = 0; i < 6; i++) {
                    try (Socket s = Clients.connect(port)) {
                        assertEquals("good", Clients.readLine(s.getInputStream()), "connection " + i);
                        Clients.write(s, "ping\n");
                        assertEquals("ping", Clients.readLine(s.getInputStream()));
                    }
                }
                assertEquals(6, good.accepted());
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /** Connects until the listener's accept queue is full (the next SYN would be dropped). */
    private static List<Socket> fill(ServerSocket listener) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                sockets.add(s);
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to close
                }
                break;
            }
        }
        return sockets;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void noContainerAcceptingClosesTheClient() throws Exception {
        int port = FreePort.tcp();
        try (StreamProxy proxy = new StreamProxy(options(), Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("echo", port)
                    .container("echo-1-a", "echo", 1, FreePort.tcp()).build());
            try (Socket s = Clients.connect(port)) {
                assertNull(Clients.readLine(s.getInputStream()));
            }
            proxy.apply(StreamConfigs.create().tcp("echo", port).build());
            try (Socket s = Clients.connect(port)) {
                assertNull(Clients.readLine(s.getInputStream()), "no container at all");
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anIdleConnectionIsClosed() throws Exception {
        int port = FreePort.tcp();
        try (TcpEchoServer echo = new TcpEchoServer("a");
             StreamProxy proxy = new StreamProxy(options().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400),
                     Duration.ofSeconds(60)), Readiness.ADDRESSED)) {
            proxy.apply(StreamConfigs.create().tcp("echo", port).container("echo-1-a", "echo", 1, echo.port()).build());
            try (Socket s = Clients.connect(port)) {
                InputStream in = s.getInputStream();
                assertEquals("a", Clients.readLine(in));
                for (int i = 0; i < 4; i++) {
                    Thread.sleep(200);
                    Clients.write(s, "keep\n");
                    assertEquals("keep", Clients.readLine(in), "traffic keeps it open");
                }
                long start = System.nanoTime();
                assertNull(Clients.readLine(in));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 300 && waited < 3000, "closed after " + waited + " ms");
            }
        }
    }
}
