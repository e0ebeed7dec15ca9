package io.edgeplane.proxy.drain;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** close(): stop accepting, let in-flight exchanges finish with Connection: close, bounded by drain_timeout. */
@Timeout(30)
class GracefulStopTest {

    @Test
    void inFlightRequestFinishesWithConnectionCloseAndIdleOnesClose() throws Exception {
        WireMockServer c = Backends.named("c");
        c.stubFor(get(urlEqualTo("/slow")).atPriority(1).willReturn(aResponse().withStatus(200).withBody("slow")
                .withFixedDelay(1000)));
        int port = FreePorts.one();
        Proxy proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create().http("web", port).drainTimeout(Duration.ofSeconds(10))
                .container("web", c.port()).build());
        try (RawHttpClient idle = new RawHttpClient(port); RawHttpClient busy = new RawHttpClient(port)) {
            idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, idle.read().status());
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(200);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
            RawHttpClient.Response r = busy.read();
            assertEquals(200, r.status());
            assertEquals("slow", r.bodyText());
            assertEquals("close", r.header("Connection"));
            assertTrue(busy.closedByServer());
            assertTrue(idle.closedByServer(), "an idle keep-alive connection is closed at once");
            closing.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "close returns once drained");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        } finally {
            proxy.close();
            c.stop();
        }
    }

    @Test
    void drainTimeoutBoundsTheStop() throws Exception {
        WireMockServer c = Backends.named("c");
        c.stubFor(get(urlEqualTo("/slow")).atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
        int port = FreePorts.one();
        Proxy proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create().http("web", port).drainTimeout(Duration.ofMillis(500))
                .container("web", c.port()).build());
        try (RawHttpClient busy = new RawHttpClient(port)) {
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(200);
            long start = System.nanoTime();
            proxy.close();
            long took = System.nanoTime() - start;
            assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(450) && took < TimeUnit.SECONDS.toNanos(3),
                    "stopped at the drain timeout: " + took / 1_000_000 + " ms");
            assertTrue(busy.closedByServer());
        } finally {
            proxy.close();
            c.stop();
        }
    }
}
