package io.edgeplane.proxy.tls;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 421 Misdirected Request (RFC 9110 §15.5.20, nginx since 1.25): an HTTPS request whose Host
 * picks another service than the connection's TLS server name is not forwarded.
 */
class MisdirectedRequestTest {

    @TempDir
    static Path dir;
    static WireMockServer a;
    static WireMockServer b;
    static Proxy proxy;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        a = Backends.named("a");
        b = Backends.named("b");
        port = FreePorts.one();
        SelfSignedCertificate c = SelfSignedCertificate.generate(
                List.of("a.example.com", "b.example.com", "*.b.example.com"), Duration.ofDays(1));
        Settings.Certificate cert = new Settings.Certificate(Files.writeString(dir.resolve("ab.pem"), c.certificatePem()),
                Files.writeString(dir.resolve("ab.key"), c.keyPem()));
        proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create()
                .https("a", port, "a.example.com").container("a", a.port())
                .https("b", port, "b.example.com", "*.b.example.com").container("b", b.port())
                .tls(new Settings.Tls(List.of(cert))).build());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        a.stop();
        b.stop();
    }

    private static String exchange(String sni, String host) throws Exception {
        try (SSLSocket s = HttpsTest.connect(port, sni)) {
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void hostOfAnotherServiceThanTheServerNameIs421() throws Exception {
        String r = exchange("a.example.com", "b.example.com");
        assertTrue(r.startsWith("HTTP/1.1 421 Misdirected Request"), r);
        assertTrue(!r.contains("X-Backend"), "not forwarded: " + r);
    }

    @Test
    void hostMatchingTheServerNamesServiceIsServed() throws Exception {
        String r = exchange("a.example.com", "A.Example.com:" + port);
        assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("X-Backend: a"), r);
        // Another name of the same service (here its wildcard) is the same server: served.
        r = exchange("shop.b.example.com", "b.example.com");
        assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("X-Backend: b"), r);
    }

    @Test
    void withoutServerNameTheHostAloneRoutes() throws Exception {
        String r = exchange(null, "b.example.com");
        assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("X-Backend: b"), r);
    }
}
