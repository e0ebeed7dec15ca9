package io.edgeplane.edge.follow;

import io.edgeplane.conf.model.Settings;
import io.edgeplane.edge.control.BearerTokenCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The follower's side of the central's {@code GET /v1/state?wait=}: one long-poll at a time. */
public final class CentralClient {

    /** What came back: the status and the body as received. */
    public record Reply(int status, byte[] body) {
    }

    private final URI central;
    private final String token;
    private final HttpClient http;

    public CentralClient(URI central, String token, SSLContext tls) {
        this.central = central;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** From edge.yml's {@code central:} section: its URL, token file, CA file and pin. */
    public static CentralClient of(Settings.Central settings) throws IOException {
        String token = settings.tokenFile() == null ? null : BearerTokenCheck.readTokenFile(settings.tokenFile());
        return new CentralClient(settings.url(), token, CentralTrust.context(settings.caFile(), settings.pin()));
    }

    public URI central() {
        return central;
    }

    /** Waits up to {@code timeout} (plus a margin for the answer to travel) for a revision other than {@code revision}. */
    public Reply poll(long revision, Duration timeout) throws IOException, InterruptedException {
        URI uri = central.resolve("/v1/state?wait=" + revision + "&timeout=" + timeout.toMillis() + "ms");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout.plusSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.body());
    }
}
