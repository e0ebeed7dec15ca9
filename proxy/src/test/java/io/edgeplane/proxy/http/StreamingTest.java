package io.edgeplane.proxy.http;

import io.edgeplane.conf.testing.HeapSampler;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.NettyBackend;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies stream both ways with backpressure; Upgrade tunnels; 100-continue and chunks pass. */
class StreamingTest {

    private static final long GIB = 1L << 30;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneGibUploadAndDownloadStreamWithBoundedHeap() throws Exception {
        int port = FreePorts.one();
        try (NettyBackend backend = new NettyBackend(false);
             Proxy proxy = new Proxy(ProxyOptions.defaults().withMaxConnections(100));
             HeapSampler heap = new HeapSampler()) {
            proxy.apply(TestConfig.create().http("files", port).container("files", backend.port()).build());
            byte[] block = new byte[64 * 1024];
            try (RawHttpClient c = new RawHttpClient(port)) {
                c.socket().setSoTimeout(60_000);
                OutputStream out = c.socket().getOutputStream();
                out.write(("POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: " + GIB + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < GIB; sent += block.length) {
                    out.write(block);
                }
                out.flush();
                RawHttpClient.Response r = c.read();
                assertEquals(200, r.status());
                assertEquals(Long.toString(GIB), r.bodyText(), "the container received every byte");

                c.send("GET /source?bytes=" + GIB + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                InputStream in = c.socket().getInputStream();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                long got = 0;
                int n;
                while ((n = in.read(block)) > 0) {
                    got += n;
                }
                assertEquals(GIB, got);
            }
            long peak = heap.peakBytes();
            // The test JVM runs with -Xmx512m and 256m of direct memory (proxy/pom.xml); a proxy
            // that buffered either GiB would have failed. Peak heap is sampled to show the margin.
            assertTrue(peak < 400L * 1024 * 1024, "peak heap " + (peak >> 20) + " MiB");
            System.out.println("1 GiB each way; peak heap used " + (peak >> 20) + " MiB");
        }
    }

    @Test
    void webSocketIsTunnelledBothWays() throws Exception {
        int port = FreePorts.one();
        try (NettyBackend backend = new NettyBackend(true);
             Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            proxy.apply(TestConfig.create().http("ws", port).container("ws", backend.port()).build());
            CompletableFuture<String> reply = new CompletableFuture<>();
            HttpClient client = HttpClient.newHttpClient();
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello through the proxy", true).get(5, TimeUnit.SECONDS);
            assertEquals("echo: hello through the proxy", reply.get(5, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            client.close();
        }
    }

    @Test
    void bytesTheClientSendsRightAfterAnUpgradeRequestReachTheContainerAfterThe101() throws Exception {
        int port = FreePorts.one();
        try (java.net.ServerSocket container = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            Thread.ofVirtual().start(() -> upgradeThenEcho(container));
            proxy.apply(TestConfig.create().http("raw", port).container("raw", container.getLocalPort()).build());
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                // The head and the new protocol's first bytes in one write, as an eager client does.
                s.getOutputStream().write(("GET /raw HTTP/1.1\r\nHost: raw.test\r\nConnection: Upgrade\r\n"
                        + "Upgrade: echo\r\n\r\nEARLY").getBytes(StandardCharsets.US_ASCII));
                // and more while the container has not answered yet
                Thread.sleep(50);
                s.getOutputStream().write("+MORE".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                assertEquals("EARLY+MORE", new String(in.readNBytes(10), StandardCharsets.US_ASCII));
                s.getOutputStream().write("LATE".getBytes(StandardCharsets.US_ASCII));
                assertEquals("LATE", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
            }
        }
    }

    /** A container that answers 101 a moment after the request head, then echoes every byte. */
    private static void upgradeThenEcho(java.net.ServerSocket server) {
        try (java.net.Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            readHead(in);
            Thread.sleep(200);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[256];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (Exception e) {
            // the test ended
        }
    }

    @Test
    void expectContinueIsRelayedAndChunkedBodiesPass() throws Exception {
        int port = FreePorts.one();
        WireMockServer backend = Backends.named("web");
        try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
            backend.stubFor(post(urlEqualTo("/upload")).withRequestBody(equalTo("hello world"))
                    .willReturn(aResponse().withStatus(201).withBody("stored")));
            proxy.apply(TestConfig.create().http("web", port).container("web", backend.port()).build());
            try (RawHttpClient c = new RawHttpClient(port)) {
                c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
                assertEquals(100, c.read().status(), "interim 100 from the container");
                c.send("hello world");
                RawHttpClient.Response r = c.read();
                assertEquals(201, r.status());
                assertEquals("stored", r.bodyText());

                c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");
                assertEquals(201, c.read().status(), "chunked upload forwarded whole");
            }
        } finally {
            backend.stop();
        }
    }

    @Test
    void clientStallingMidUploadIsCutOffWith408() throws Exception {
        int port = FreePorts.one();
        try (NettyBackend backend = new NettyBackend(false);
             Proxy proxy = new Proxy(ProxyOptions.defaults().withClientIdleTimeout(java.time.Duration.ofMillis(500)))) {
            proxy.apply(TestConfig.create().http("files", port).container("files", backend.port()).build());
            try (RawHttpClient c = new RawHttpClient(port)) {
                c.send("POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");
                long start = System.nanoTime();
                assertEquals(408, c.read().status());
                assertTrue(c.closedByServer());
                long waited = (System.nanoTime() - start) / 1_000_000;
                assertTrue(waited >= 400 && waited < 5000, "cut off after the client idle timeout: " + waited + " ms");
            }
        }
    }

    @Test
    void clientThatStopsReadingIsCutOff() throws Exception {
        int port = FreePorts.one();
        try (NettyBackend backend = new NettyBackend(false);
             Proxy proxy = new Proxy(ProxyOptions.defaults().withClientIdleTimeout(java.time.Duration.ofMillis(500)))) {
            proxy.apply(TestConfig.create().http("files", port).container("files", backend.port()).build());
            try (RawHttpClient c = new RawHttpClient(port)) {
                c.socket().setReceiveBufferSize(64 * 1024);
                c.send("GET /source?bytes=" + GIB + " HTTP/1.1\r\nHost: x\r\n\r\n");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Thread.sleep(300);
                while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(0, proxy.openConnections(), "the stalled client was disconnected");
            }
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
