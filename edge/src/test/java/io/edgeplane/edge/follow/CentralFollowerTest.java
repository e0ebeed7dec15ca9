package io.edgeplane.edge.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.DurableRegistry;
import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.control.BearerTokenCheck;
import io.edgeplane.edge.control.ContainerStates;
import io.edgeplane.edge.control.ControlApiOptions;
import io.edgeplane.edge.control.ControlApiServer;
import io.edgeplane.edge.control.ControlApiSetup;
import io.edgeplane.edge.control.StateJson;
import io.edgeplane.edge.metrics.NodeMetrics;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A follower in process against a real control API (tokens) and a TLS central (CA file and pin). */
@Timeout(120)
class CentralFollowerTest {

    static final String TOKEN = "t0ken";

    @TempDir
    Path dir;

    DurableRegistry central;
    NodeMetrics metrics;
    ControlApiServer api;
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startCentral() throws Exception {
        Logger.getLogger("follow").addHandler(capture);
        central = DurableRegistry.open(dir.resolve("central"), Settings.defaults());
        central.apply(ConfigLoader.parse("edge.yml", null, dir, "service.yml", ConfigTexts.GOOD_SERVICES,
                "inventory.yml", ConfigTexts.INVENTORY));
        metrics = new NodeMetrics();
        // Nobody is trusted without the token, as for a central on another server.
        ControlApiOptions options = ControlApiOptions.defaults().withTrustedWithoutToken(a -> false);
        api = ControlApiServer.start(Endpoint.of("127.0.0.1", 0), new ControlApiSetup(central,
                new BearerTokenCheck(TOKEN, options.trustedWithoutToken()), ContainerStates.ALWAYS_READY, r -> null,
                metrics, null, options));
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger("follow").removeHandler(capture);
        api.close();
        metrics.close();
        central.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + api.address().getPort());
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private int linesWith(String text) {
        synchronized (logged) {
            return (int) logged.stream().filter(l -> l.contains(text)).count();
        }
    }

    @Test
    void followsWithTheRightTokenAndLogsARefusalOnce() throws Exception {
        try (FollowerRegistry copy = FollowerRegistry.open(dir.resolve("node"), Settings.defaults(), url().toString());
             CentralFollower follower = new CentralFollower(new CentralClient(url(), TOKEN, null), copy,
                     new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(5))) {
            follower.start();
            await(() -> copy.current().revision() == 1, Duration.ofSeconds(10));
            central.update(c -> c); // no change: no new revision for the follower either
            central.apply(ConfigLoader.parse("edge.yml", null, dir, "service.yml", ConfigTexts.GOOD_SERVICES,
                    "inventory.yml", ""));
            await(() -> copy.current().revision() == 2, Duration.ofSeconds(5));
            assertTrue(copy.current().config().inventory().containers().isEmpty());
            assertTrue(follower.reachable());
        }
        try (FollowerRegistry copy = FollowerRegistry.open(dir.resolve("other"), Settings.defaults(), url().toString());
             CentralFollower follower = new CentralFollower(new CentralClient(url(), "wrong", null), copy,
                     new Backoff(Duration.ofMillis(20), Duration.ofMillis(50)), Duration.ofSeconds(5))) {
            follower.start();
            await(() -> linesWith("it answered 403") == 1, Duration.ofSeconds(10));
            Thread.sleep(500); // many retries
            assertEquals(1, linesWith("unreachable"), "one line per outage: " + logged);
            assertEquals(0, copy.current().revision());
            assertFalse(follower.reachable());
        }
    }

    @Test
    void backoffGrowsWithJitterAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        Duration first = b.next();
        assertTrue(first.toMillis() >= 50 && first.toMillis() <= 100, first.toString());
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        Duration capped = b.next();
        assertTrue(capped.toMillis() >= 500 && capped.toMillis() <= 1000, capped.toString());
        b.reset();
        assertTrue(b.next().toMillis() <= 100);
    }

    /** A TLS central played by the JDK's HTTPS server with a self-signed certificate for 127.0.0.1. */
    @Test
    void verifiesTheCentralsCertificateByCaFileOrPin() throws Exception {
        Path keystore = dir.resolve("central.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", keystore.toString(), "-storepass", "secret", "-storetype", "PKCS12",
                "-alias", "central", "-keyalg", "EC", "-dname", "CN=central", "-ext", "san=ip:127.0.0.1",
                "-validity", "2");
        Path pem = dir.resolve("central.pem");
        run(keytool, "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "secret", "-alias",
                "central", "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate("central");
        String pin = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "secret".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);

        byte[] state = new StateJson().encode(central.current());
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/v1/state", exchange -> {
            exchange.sendResponseHeaders(200, state.length);
            exchange.getResponseBody().write(state);
            exchange.close();
        });
        https.start();
        try {
            URI url = URI.create("https://127.0.0.1:" + https.getAddress().getPort());
            CentralClient byCa = new CentralClient(url, null, CentralTrust.context(pem, null));
            assertEquals(200, byCa.poll(0, Duration.ofSeconds(1)).status());
            CentralClient byPin = new CentralClient(url, null, CentralTrust.context(null, "sha256:" + pin));
            assertEquals(200, byPin.poll(0, Duration.ofSeconds(1)).status());
            CentralClient byPinUpper = new CentralClient(url, null, CentralTrust.context(null, pin.toUpperCase()));
            assertEquals(200, byPinUpper.poll(0, Duration.ofSeconds(1)).status());

            String wrongPin = "00".repeat(32);
            CentralClient byWrongPin = new CentralClient(url, null, CentralTrust.context(null, wrongPin));
            javax.net.ssl.SSLHandshakeException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    javax.net.ssl.SSLHandshakeException.class, () -> byWrongPin.poll(0, Duration.ofSeconds(1)));
            assertTrue(String.valueOf(refused.getMessage()).contains("not the central.pin")
                    || String.valueOf(refused.getCause()).contains("not the central.pin"), refused.toString());
            CentralClient byDefaults = new CentralClient(url, null, CentralTrust.context(null, null));
            org.junit.jupiter.api.Assertions.assertThrows(javax.net.ssl.SSLHandshakeException.class,
                    () -> byDefaults.poll(0, Duration.ofSeconds(1)), "a self-signed central is not trusted by default");
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> CentralTrust.context(null, "not-a-pin"));
        } finally {
            https.stop(0);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }
}
