package io.edgeplane.proxy.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.RawHttpClient;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every nginx precedence rule, end to end: real listener, WireMock containers, raw Host headers. */
class HostRoutingTest {

    static final Map<String, WireMockServer> backends = new LinkedHashMap<>();
    static Proxy proxy;
    static int mixed;      // exact, wildcards, regex, catch-all
    static int shared;     // two named services and the lone unnamed one
    static int named;      // named services only: unknown names get 404

    @BeforeAll
    static void start() {
        for (String s : new String[]{"exact", "leading", "longleading", "trailing", "regex", "all", "web", "api", "lone"}) {
            backends.put(s, Backends.named(s));
        }
        mixed = FreePorts.one();
        shared = FreePorts.one();
        named = FreePorts.one();
        TestConfig c = TestConfig.create()
                .http("exact", mixed, "app.example.com")
                .http("leading", mixed, "*.example.com")
                .http("longleading", mixed, "*.api.example.com")
                .http("trailing", mixed, "www.example.*")
                .http("regex", mixed, "~^api\\d+\\.example\\.org$")
                .http("all", mixed, "_")
                .http("web", shared, "web.example.com")
                .http("api", shared, "api.example.com")
                .http("lone", shared)
                .http("exact", named, "app.example.com")
                .http("web", named, "web.example.com");
        backends.forEach((name, server) -> c.container(name, server.port()));
        proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(c.build());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        backends.values().forEach(WireMockServer::stop);
    }

    static String routed(int port, String host) throws IOException {
        RawHttpClient.Response r = RawHttpClient.get(port, host, "/");
        assertEquals(200, r.status(), "status for " + host);
        return r.header("X-Backend");
    }

    @Test
    void listensOnEveryPort() {
        assertTrue(proxy.boundPorts().containsAll(java.util.Set.of(mixed, shared, named)));
    }

    @Test
    void exactNameWins() throws IOException {
        assertEquals("exact", routed(mixed, "app.example.com"));
    }

    @Test
    void caseTrailingDotAndPortAreIgnored() throws IOException {
        assertEquals("exact", routed(mixed, "APP.Example.com.:" + mixed));
    }

    @Test
    void longestLeadingWildcardWins() throws IOException {
        assertEquals("leading", routed(mixed, "www2.example.com"));
        assertEquals("longleading", routed(mixed, "v1.api.example.com"));
    }

    @Test
    void leadingWildcardBeatsTrailing() throws IOException {
        assertEquals("leading", routed(mixed, "www.example.com"));
        assertEquals("trailing", routed(mixed, "www.example.net"));
    }

    @Test
    void regexMatches() throws IOException {
        assertEquals("regex", routed(mixed, "api42.example.org"));
    }

    @Test
    void catchAllTakesTheRest() throws IOException {
        assertEquals("all", routed(mixed, "api.example.org"));
        assertEquals("all", routed(mixed, "127.0.0.1"));
    }

    @Test
    void twoServicesOnOnePortAreToldApartByName() throws IOException {
        assertEquals("web", routed(shared, "web.example.com"));
        assertEquals("api", routed(shared, "api.example.com"));
    }

    @Test
    void loneUnnamedServiceTakesUnmatchedNames() throws IOException {
        assertEquals("lone", routed(shared, "anything.example.net"));
    }

    @Test
    void unmatchedNameWithoutDefaultIs404() throws IOException {
        RawHttpClient.Response r = RawHttpClient.get(named, "other.example.com", "/");
        assertEquals(404, r.status());
        assertEquals("404 Not Found\n", r.bodyText());
        assertEquals("web", routed(named, "web.example.com"));
    }

    @Test
    void keepAliveConnectionRoutesEachRequestByItsOwnHost() throws IOException {
        try (RawHttpClient c = new RawHttpClient(shared)) {
            for (String host : new String[]{"web.example.com", "api.example.com", "nope.example.com", "web.example.com"}) {
                c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                RawHttpClient.Response r = c.read();
                assertEquals(200, r.status());
                assertEquals(host.startsWith("nope") ? "lone" : host.substring(0, 3), r.header("X-Backend"));
            }
        }
    }
}
