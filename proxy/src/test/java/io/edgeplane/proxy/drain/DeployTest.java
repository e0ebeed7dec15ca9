package io.edgeplane.proxy.drain;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.HealthCheck;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.Transport;
import io.edgeplane.proxy.health.HealthOptions;
import io.edgeplane.proxy.health.HealthProber;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.NettyBackend;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.SteadyLoad;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys through real listeners: version switch under load, draining of uploads and
 * WebSockets, container states, reloads under load, and versions that never become ready.
 */
@Timeout(60)
class DeployTest {

    private static final HealthCheck HEALTHZ = new HealthCheck("inbound", "/healthz", "http", List.of("200"),
            Duration.ofMillis(500));
    private static final HealthOptions FAST = new HealthOptions(Duration.ofMillis(50), Duration.ofMillis(100), 2,
            Duration.ofMillis(500), Duration.ofSeconds(1));

    private final List<AutoCloseable> closers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        closers.add(c);
        return c;
    }

    private WireMockServer named(String name) {
        WireMockServer s = Backends.named(name);
        closers.add(s::stop);
        return s;
    }

    private static Container container(Config config, String id) {
        return config.inventory().container(id).orElseThrow();
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

    private static String backendOf(int port) throws Exception {
        RawHttpClient.Response r = RawHttpClient.get(port, "x", "/");
        assertEquals(200, r.status());
        return r.header("X-Backend");
    }

    @Test
    void deployUnderLoadFailsNothingAndNewRequestsLeaveVersionOne() throws Exception {
        WireMockServer v1 = named("v1");
        WireMockServer v2 = named("v2");
        v2.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(503)));
        int port = FreePorts.one();
        HealthProber probes = track(new HealthProber(FAST));
        Proxy proxy = track(new Proxy(ProxyOptions.defaults(), Transport.best(), probes));
        Config both = TestConfig.create().http("web", port).health(HEALTHZ)
                .container("web-1", "web", 1, v1.port()).container("web-2", "web", 2, v2.port()).build();
        probes.apply(both);
        proxy.apply(both);
        assertEquals(1, proxy.routes().currentVersion("web"), "version 2 is not ready yet");
        assertEquals("unready", proxy.status(container(both, "web-2")).state());

        SteadyLoad load = new SteadyLoad(port, 4, Duration.ofSeconds(3));
        Thread.sleep(800);
        v2.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(200)));
        await("the switch to version 2", () -> proxy.routes().currentVersion("web") == 2);
        long switched = System.nanoTime();
        Thread.sleep(800);
        // Then version 1 leaves the inventory: drained (nothing in flight outlives a GET).
        Config onlyV2 = TestConfig.create().http("web", port).health(HEALTHZ)
                .container("web-2", "web", 2, v2.port()).build();
        probes.apply(onlyV2);
        proxy.apply(onlyV2);
        load.await();

        assertEquals(List.of(), load.failures(), "no request failed");
        long before = load.samples().stream().filter(s -> s.startNanos() < switched).count();
        long after = load.samples().stream().filter(s -> s.startNanos() > switched).count();
        assertTrue(before > 50 && after > 50, "load on both sides of the switch: " + before + "/" + after);
        assertTrue(load.samples().stream().filter(s -> s.startNanos() > switched).allMatch(s -> s.backend().equals("v2")),
                "after the switch no new request reaches version 1");
        assertTrue(load.samples().stream().anyMatch(s -> s.backend().equals("v1")));
        await("web-1 forgotten once drained", () -> proxy.removedContainer("web-1") == null);
        assertEquals("ready", proxy.status(container(onlyV2, "web-2")).state());
    }

    @Test
    void uploadStartedOnVersionOneCompletesThereAndTheContainerDrainsOnlyAfterIt() throws Exception {
        NettyBackend v1 = track(new NettyBackend(false));
        WireMockServer v2 = named("v2");
        int port = FreePorts.one();
        Proxy proxy = track(new Proxy(ProxyOptions.defaults()));
        Config one = TestConfig.create().http("web", port).container("web-1", "web", 1, v1.port()).build();
        proxy.apply(one);

        long total = 200L * 1024 * 1024;
        byte[] chunk = new byte[64 * 1024];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            for (; sent < total / 2; sent += chunk.length) {
                out.write(chunk);
            }
            Config two = TestConfig.create().http("web", port).container("web-1", "web", 1, v1.port())
                    .container("web-2", "web", 2, v2.port()).build();
            proxy.apply(two);
            assertEquals("v2", backendOf(port), "new requests go to version 2");
            ContainerStatus draining = proxy.status(container(two, "web-1"));
            assertEquals(new ContainerStatus("draining", 1), draining);
            assertEquals("ready", proxy.status(container(two, "web-2")).state());

            for (; sent < total; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            String response = readResponse(s.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("\r\n\r\n" + total), "the whole upload reached version 1: " + response);
            await("web-1 drained", () -> proxy.status(container(two, "web-1")).state().equals("drained"));
            assertEquals(0, proxy.status(container(two, "web-1")).activeConnections());
        }
    }

    private static String readResponse(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return text.toString();
            }
            text.append((char) b);
            if (text.toString().endsWith("\r\n\r\n")) {
                for (String line : text.toString().split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
                break;
            }
        }
        byte[] body = in.readNBytes(Math.max(0, contentLength));
        return text + new String(body, StandardCharsets.US_ASCII);
    }

    @Test
    void webSocketOnVersionOneKeepsEchoingAfterTheSwitchUntilTheDrainTimeout() throws Exception {
        NettyBackend v1 = track(new NettyBackend(true));
        WireMockServer v2 = named("v2");
        int port = FreePorts.one();
        Proxy proxy = track(new Proxy(ProxyOptions.defaults()));
        Duration drain = Duration.ofMillis(1500);
        proxy.apply(TestConfig.create().http("web", port).drainTimeout(drain)
                .container("web-1", "web", 1, v1.port()).build());

        LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        HttpClient client = HttpClient.newHttpClient();
        closers.add(client::close);
        WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoes.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete("close " + statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete("error " + error);
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText("before", true).get(5, TimeUnit.SECONDS);
        assertEquals("echo: before", echoes.poll(5, TimeUnit.SECONDS));

        Config two = TestConfig.create().http("web", port).drainTimeout(drain)
                .container("web-1", "web", 1, v1.port()).container("web-2", "web", 2, v2.port()).build();
        proxy.apply(two);
        long switched = System.nanoTime();
        assertEquals("v2", backendOf(port));
        ws.sendText("after", true).get(5, TimeUnit.SECONDS);
        assertEquals("echo: after", echoes.poll(5, TimeUnit.SECONDS), "the WebSocket still talks to version 1");
        assertEquals(new ContainerStatus("draining", 1), proxy.status(container(two, "web-1")));

        // Removed from the inventory meanwhile: still remembered, draining, while the tunnel lasts.
        Config onlyV2 = TestConfig.create().http("web", port).drainTimeout(drain)
                .container("web-2", "web", 2, v2.port()).build();
        proxy.apply(onlyV2);
        Container removed = proxy.removedContainer("web-1");
        assertEquals(new ContainerStatus("draining", 1), proxy.status(removed));
        String how = closed.get(10, TimeUnit.SECONDS);
        long after = System.nanoTime() - switched;
        assertTrue(after >= drain.toNanos() - TimeUnit.MILLISECONDS.toNanos(100),
                "closed only at the drain timeout, not before: " + after / 1_000_000 + " ms (" + how + ")");
        await("web-1 drained and forgotten", () -> proxy.removedContainer("web-1") == null);
        assertEquals(new ContainerStatus("drained", 0), proxy.status(removed));
    }

    @Test
    void reloadingAnUnchangedConfigurationFiftyTimesUnderLoadFailsNothing() throws Exception {
        WireMockServer a = named("a");
        WireMockServer b = named("b");
        int port = FreePorts.one();
        HealthProber probes = track(new HealthProber(FAST));
        Proxy proxy = track(new Proxy(ProxyOptions.defaults(), Transport.best(), probes));
        Config config = TestConfig.create().http("web", port).container("web-a", "web", 1, a.port())
                .container("web-b", "web", 1, b.port()).build();
        probes.apply(config);
        proxy.apply(config);
        SteadyLoad load = new SteadyLoad(port, 4, Duration.ofSeconds(3));
        for (int i = 0; i < 50; i++) {
            Config same = TestConfig.create().http("web", port).container("web-a", "web", 1, a.port())
                    .container("web-b", "web", 1, b.port()).build();
            probes.apply(same);
            proxy.apply(same);
            Thread.sleep(40);
        }
        load.await();
        assertEquals(List.of(), load.failures());
        assertTrue(load.samples().size() > 100, "requests: " + load.samples().size());
        assertTrue(load.samples().stream().anyMatch(s -> s.backend().equals("a"))
                && load.samples().stream().anyMatch(s -> s.backend().equals("b")));
    }

    @Test
    void versionWhoseContainersNeverBecomeReadyNeverGetsTraffic() throws Exception {
        WireMockServer v1 = named("v1");
        WireMockServer v2 = named("v2");
        v2.stubFor(get(urlEqualTo("/healthz")).atPriority(1).willReturn(aResponse().withStatus(500)));
        int refusing = FreePorts.one();   // nothing listens here
        int port = FreePorts.one();
        HealthProber probes = track(new HealthProber(FAST));
        Proxy proxy = track(new Proxy(ProxyOptions.defaults(), Transport.best(), probes));
        Config config = TestConfig.create().http("web", port).health(HEALTHZ)
                .container("web-1", "web", 1, v1.port()).container("web-2a", "web", 2, v2.port())
                .container("web-2b", "web", 2, refusing).build();
        probes.apply(config);
        proxy.apply(config);
        try (SteadyLoad load = new SteadyLoad(port, 2, Duration.ofMillis(1500))) {
            load.await();
            assertEquals(List.of(), load.failures());
            assertTrue(load.samples().stream().allMatch(s -> s.backend().equals("v1")), "only version 1 answered");
        }
        assertEquals(1, proxy.routes().currentVersion("web"));
        assertEquals("unready", proxy.status(container(config, "web-2a")).state());
        assertEquals("unready", proxy.status(container(config, "web-2b")).state());
        assertEquals("ready", proxy.status(container(config, "web-1")).state());
        long proxied = v2.getAllServeEvents().stream().filter(e -> !e.getRequest().getUrl().equals("/healthz")).count();
        assertEquals(0, proxied, "version 2 got no request but probes");
    }
}
