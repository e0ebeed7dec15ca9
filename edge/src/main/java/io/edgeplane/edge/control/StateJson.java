package io.edgeplane.edge.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.conf.ConfigWriter;
import io.edgeplane.conf.registry.Snapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The body of {@code GET /v1/state}: {@code {"revision": 7, "services": {...}, "inventory": {...}}}
 * where {@code services} and {@code inventory} have the shape of service.yml's {@code services:}
 * and of inventory.yml. It is made from {@link ConfigWriter}'s text, so a follower turns it back
 * into the model with the same parser as the files (JSON is YAML), and a human reads the same
 * keys as in the files. This server's own settings are never part of it.
 */
public final class StateJson {

    /** The state as read back: the revision and the two documents as texts the file parsers accept. */
    public record Parsed(long revision, String services, String inventory) {
    }

    private record Encoded(Snapshot snapshot, byte[] bytes) {
    }

    // Many followers poll the same revision: encode it once.
    private volatile Encoded last;

    public byte[] encode(Snapshot snapshot) {
        Encoded e = last;
        if (e != null && e.snapshot() == snapshot) {
            return e.bytes();
        }
        byte[] bytes = encodeOnce(snapshot);
        last = new Encoded(snapshot, bytes);
        return bytes;
    }

    static byte[] encodeOnce(Snapshot snapshot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", snapshot.revision());
        Map<?, ?> services = yaml().load(ConfigWriter.services(snapshot.config().services()));
        body.put("services", services.get("services"));
        body.put("inventory", yaml().load(ConfigWriter.inventory(snapshot.config().inventory())));
        return ApiResponse.json(io.netty.handler.codec.http.HttpResponseStatus.OK, body).body();
    }

    /**
     * Reads a state body.
     *
     * @throws IOException when it is not JSON of that shape
     */
    public static Parsed parse(byte[] body) throws IOException {
        JsonNode root = ApiResponse.JSON.readTree(body);
        if (root == null || !root.isObject() || !root.path("revision").canConvertToLong()
                || root.path("revision").asLong() < 0) {
            throw new IOException("not a state document: no revision");
        }
        JsonNode services = root.path("services");
        JsonNode inventory = root.path("inventory");
        Map<String, Object> servicesDocument = new LinkedHashMap<>();
        servicesDocument.put("services", services.isMissingNode() ? null : services);
        return new Parsed(root.get("revision").asLong(), ApiResponse.JSON.writeValueAsString(servicesDocument),
                inventory.isMissingNode() || inventory.isNull() ? "" : ApiResponse.JSON.writeValueAsString(inventory));
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        return new Yaml(options);
    }
}
