package io.edgeplane.proxy.tls;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.Backends;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.TestConfig;
import io.edgeplane.proxy.support.TrustAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS: certificate by SNI, TLS versions, ALPN and HTTP/2 to an HTTP/1.1 container. */
class HttpsTest {

    @TempDir
    static Path dir;
    static WireMockServer backend;
    static Proxy proxy;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        backend = Backends.named("secure");
        port = FreePorts.one();
        Settings.Certificate a = write("a", SelfSignedCertificate.generate(List.of("a.example.com"), Duration.ofDays(1)));
        Settings.Certificate b = write("b", SelfSignedCertificate.generate(List.of("b.example.com", "*.b.example.com"),
                Duration.ofDays(1)));
        proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create().https("secure", port, "_").container("secure", backend.port())
                .tls(new Settings.Tls(List.of(a, b))).build());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.stop();
    }

    static Settings.Certificate write(String name, SelfSignedCertificate c) throws IOException {
        Path cert = Files.writeString(dir.resolve(name + ".pem"), c.certificatePem());
        Path key = Files.writeString(dir.resolve(name + ".key"), c.keyPem());
        return new Settings.Certificate(cert, key);
    }

    static SSLSocket connect(int port, String sni, String... protocols) throws IOException {
        return connect(TrustAll.context(), port, sni, protocols);
    }

    static SSLSocket connect(javax.net.ssl.SSLContext ctx, int port, String sni, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        if (protocols.length > 0) {
            p.setProtocols(protocols);
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    static String servedName(String sni) throws Exception {
        try (SSLSocket s = connect(port, sni)) {
            X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
            return String.valueOf(cert.getSubjectAlternativeNames().iterator().next().get(1));
        }
    }

    @Test
    void certificateIsChosenBySni() throws Exception {
        assertEquals("a.example.com", servedName("a.example.com"));
        assertEquals("b.example.com", servedName("b.example.com"));
        assertEquals("b.example.com", servedName("deep.b.example.com"), "wildcard SAN");
        assertEquals("a.example.com", servedName("x.y.b.example.com"), "a wildcard covers one label only: default");
        assertEquals("a.example.com", servedName(null), "no SNI: the first certificate");
    }

    @Test
    void onlyTls12And13AreSpoken() throws Exception {
        try (SSLSocket s = connect(port, "a.example.com", "TLSv1.2")) {
            assertEquals("TLSv1.2", s.getSession().getProtocol());
        }
        try (SSLSocket s = connect(port, "a.example.com")) {
            assertEquals("TLSv1.3", s.getSession().getProtocol());
        }
        assertThrows(IOException.class, () -> connect(port, "a.example.com", "TLSv1.1").close());
    }

    @Test
    void http11OverTlsIsProxiedWithForwardedProto() throws Exception {
        try (SSLSocket s = connect(port, "shop.b.example.com")) {
            s.getOutputStream().write(("GET /tls HTTP/1.1\r\nHost: shop.b.example.com\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("\r\n6\r\nsecure\r\n0\r\n\r\n"), "[" + response + "]");
        }
        LoggedRequest seen = backend.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals("/tls")).findFirst().orElseThrow();
        assertEquals("https", seen.getHeader("X-Forwarded-Proto"));
    }

    @Test
    void http2ClientsAreServedFromAnHttp11Container() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context())
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build()) {
            URI uri = URI.create("https://127.0.0.1:" + port + "/h2");
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, get.version());
            assertEquals(200, get.statusCode());
            assertEquals("secure", get.body());

            String body = "x".repeat(200_000);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/h2post"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, post.version());
        }
        LoggedRequest posted = backend.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals("/h2post")).findFirst().orElseThrow();
        assertEquals(200_000, posted.getBody().length, "the whole body, streamed across HTTP/2 flow control");
        assertTrue(posted.getHeaders().keys().stream().noneMatch(h -> h.toLowerCase().startsWith("x-http2")));
    }

    @Test
    void selfSignedCertificateWhenNoneIsConfigured() throws Exception {
        int other = FreePorts.one();
        try (Proxy p = new Proxy(ProxyOptions.defaults())) {
            p.apply(TestConfig.create().https("secure", other, "_").container("secure", backend.port()).build());
            try (SSLSocket s = connect(other, "anything.example")) {
                X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal(), "self-signed");
            }
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoHttpAnswer() throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();
            assertTrue(!new String(answer, StandardCharsets.ISO_8859_1).startsWith("HTTP/"), "closed, no HTTP");
        }
    }

    @Test
    void tls12SessionsAreResumed() throws Exception {
        javax.net.ssl.SSLContext ctx = TrustAll.context();
        byte[] first;
        try (SSLSocket s = connect(ctx, port, "a.example.com", "TLSv1.2")) {
            first = s.getSession().getId();
        }
        try (SSLSocket s = connect(ctx, port, "a.example.com", "TLSv1.2")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(first, s.getSession().getId(), "same session: resumed");
        }
    }
}
