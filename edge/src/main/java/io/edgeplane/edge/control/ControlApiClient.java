package io.edgeplane.edge.control;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/**
 * The local node's control API as {@code edge status} and {@code edge reload} call it: the
 * address is {@code control.listen} of edge.yml (a wildcard listen is reached on loopback), the
 * token that of {@code control.token_file} when it can be read.
 */
public final class ControlApiClient {

    /** An answer: the status and the body. */
    public record Reply(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final URI base;
    private final String token;
    private final Settings settings;
    private final HttpClient http;

    private ControlApiClient(URI base, String token, Settings settings, javax.net.ssl.SSLContext tls) {
        this.base = base;
        this.token = token;
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /**
     * For the node whose settings are in {@code files.edge()} (all defaults without one).
     *
     * @throws IOException when edge.yml cannot be read or is invalid, with the problems
     */
    public static ControlApiClient forNode(ConfigFiles files) throws IOException {
        Settings settings = Settings.defaults();
        if (files.edge() != null) {
            String name = files.edge().toString();
            Loaded loaded = ConfigLoader.parse(name, Files.readString(files.edge(), StandardCharsets.UTF_8),
                    files.edge().toAbsolutePath().getParent(), "service.yml", "", "inventory.yml", "");
            var errors = loaded.errors().stream().filter(p -> p.location().file().equals(name)).toList();
            if (!errors.isEmpty()) {
                throw new IOException(String.join("\n", errors.stream().map(Problem::format).toList()));
            }
            settings = loaded.config().settings();
        }
        Endpoint listen = settings.control().listen();
        InetAddress address = listen.address();
        if (address.isAnyLocalAddress()) {
            address = InetAddress.ofLiteral(address.getAddress().length == 4 ? "127.0.0.1" : "::1");
        }
        String token = null;
        if (settings.control().tokenFile() != null && Files.isReadable(settings.control().tokenFile())) {
            token = BearerTokenCheck.readTokenFile(settings.control().tokenFile());
        }
        Settings.Certificate tls = settings.control().tls();
        return new ControlApiClient(URI.create((tls != null ? "https://" : "http://") + new Endpoint(address, listen.port())
                + "/"), token, settings, tls == null ? null : PinnedCertificate.trusting(tls.cert()));
    }

    /** This node's settings, as read from its edge.yml. */
    public Settings settings() {
        return settings;
    }

    public URI base() {
        return base;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Reply post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new ConnectException("no edge answers on " + base + " (" + (e.getMessage() == null ? "connection refused"
                    : e.getMessage()) + "); is `edge run` running with this edge.yml (control.listen)?");
        }
    }
}
