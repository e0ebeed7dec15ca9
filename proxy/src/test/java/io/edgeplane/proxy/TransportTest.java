package io.edgeplane.proxy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The transport choice by name, and a proxied exchange on every transport the platform has. */
@Timeout(30)
class TransportTest {

    private static final String DEFAULT = Epoll.isAvailable() ? "epoll" : "nio";

    @Test
    void defaultIsEpollWhenAvailable() {
        assertEquals(DEFAULT, Transport.named(null).name());
        assertEquals(DEFAULT, Transport.named("").name());
        assertEquals(DEFAULT, Transport.named("epoll").name());
    }

    @Test
    void namesChooseTheTransport() {
        assertEquals("nio", Transport.named("nio").name());
        assertEquals("nio", Transport.named(" NIO ").name());
        assertEquals(IoUring.isAvailable() ? "io_uring" : DEFAULT, Transport.named("io_uring").name());
    }

    @Test
    void unknownNameFallsBackToTheDefault() {
        assertEquals(DEFAULT, Transport.named("kqueue").name());
    }

    @Test
    void proxiesOnEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
        roundTrips(Transport.epoll());
    }

    @Test
    void proxiesOnIoUring() throws Exception {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        roundTrips(Transport.ioUring());
    }

    @Test
    void proxiesOnNio() throws Exception {
        roundTrips(Transport.nio());
    }

    /** Fresh connections and one kept alive, through listeners and upstream pools of one transport. */
    private static void roundTrips(Transport transport) throws Exception {
        WireMockServer web = Backends.named("web");
        int port = FreePorts.one();
        try (Proxy proxy = new Proxy(ProxyOptions.defaults(), transport)) {
            proxy.apply(TestConfig.create().http("web", port).container("web", web.port()).build());
            for (int i = 0; i < 3; i++) {
                assertEquals("web", RawHttpClient.get(port, "x", "/").header("X-Backend"), transport.name());
            }
            try (RawHttpClient kept = new RawHttpClient(port)) {
                List<String> backends = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    kept.send("GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    backends.add(kept.read().header("X-Backend"));
                }
                assertEquals(List.of("web", "web", "web", "web", "web"), backends, transport.name());
            }
        } finally {
            web.stop();
        }
    }
}
