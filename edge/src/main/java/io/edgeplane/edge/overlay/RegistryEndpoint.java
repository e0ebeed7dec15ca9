package io.edgeplane.edge.overlay;

import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.yaml.InventoryParser;
import io.edgeplane.conf.yaml.NodeReader;
import io.edgeplane.conf.yaml.SourceMap;
import io.edgeplane.edge.control.BearerTokenCheck;
import io.edgeplane.edge.control.ControlApiClient;
import io.edgeplane.edge.control.StateJson;
import io.edgeplane.edge.follow.CentralTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Where {@code edge overlay attach | detach} read and change the registry: the local control
 * API on the central, the central's ({@code central.url}, token, CA or pin of edge.yml) on a
 * follower, whose own API refuses writes. Reading from the same place as writing means the
 * addresses in use are those the central has, not a follower's copy a moment old.
 */
public final class RegistryEndpoint {

    /** An answer: the status and the body. */
    public record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;

    private RegistryEndpoint(URI base, String token, SSLContext tls) {
        this.base = base;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    public static RegistryEndpoint of(ControlApiClient local) throws IOException {
        Settings settings = local.settings();
        if (settings.node().isCentral() || settings.central().url() == null) {
            Settings.Control c = settings.control();
            String token = c.tokenFile() != null && Files.isReadable(c.tokenFile())
                    ? BearerTokenCheck.readTokenFile(c.tokenFile()) : null;
            return new RegistryEndpoint(local.base(), token, null);
        }
        Settings.Central c = settings.central();
        String token = c.tokenFile() == null ? null : BearerTokenCheck.readTokenFile(c.tokenFile());
        return new RegistryEndpoint(c.url(), token, CentralTrust.context(c.caFile(), c.pin()));
    }

    public URI base() {
        return base;
    }

    /** The inventory as the registry has it now. */
    public Inventory inventory() throws IOException, InterruptedException {
        Reply reply = send(HttpRequest.newBuilder(base.resolve("/v1/state")).GET());
        if (!reply.ok()) {
            throw new IOException("GET " + base.resolve("/v1/state") + ": " + reply.status() + " " + reply.body());
        }
        StateJson.Parsed state = StateJson.parse(reply.body().getBytes(StandardCharsets.UTF_8));
        List<Problem> problems = new ArrayList<>();
        Inventory inventory = new InventoryParser(new NodeReader("state", problems, SourceMap.empty()))
                .parse(state.inventory());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new IOException("the state of " + base + " has an inventory this edge cannot read: " + problems);
        }
        return inventory;
    }

    public Reply postJson(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (ConnectException e) {
            throw new ConnectException("no registry answers on " + base + " (" + (e.getMessage() == null
                    ? "connection refused" : e.getMessage()) + "); is `edge run` running (control.listen, central.url)?");
        }
    }
}
