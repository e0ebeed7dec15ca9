package io.edgeplane.edge.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.proxy.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With control.tls the API speaks HTTPS only, and the CLI reaches its node by the pinned certificate. */
class ControlApiHttpsTest {

    @TempDir
    Path dir;

    @Test
    void apiServesHttpsAndTheCliTrustsItsOwnNodesCertificate() throws Exception {
        ConfigTexts.Ports ports = ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        SelfSignedCertificate cert = SelfSignedCertificate.generate(List.of("control.example.com"), Duration.ofDays(1));
        Files.writeString(dir.resolve("api.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("api.key"), cert.keyPem());
        String edge = Files.readString(dir.resolve("edge.yml"));
        String plain = "control: {listen: 127.0.0.1:" + ports.control() + "}";
        assertTrue(edge.contains(plain), edge);
        Files.writeString(dir.resolve("edge.yml"), edge.replace(plain, "control: {listen: 127.0.0.1:" + ports.control()
                + ", tls: {cert: api.pem, key: api.key}}"));

        try (EdgeProcess node = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
            node.awaitLine(0, "control API on https://127.0.0.1:" + ports.control());
            node.awaitLine(0, "running at revision 1");
            String status = EdgeProcess.mainOutput(dir, "status", "-c", "edge.yml");
            assertTrue(status.contains("web"), status);

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ports.control() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no answer from the HTTPS API");
            // Without the pin, the JDK's default trust refuses the self-signed certificate.
            assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + ports.control() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }
}
