package io.edgeplane.edge.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The control API calls a deploy makes, the ones an orchestrator would: add a container, remove
 * one. On loopback, so no token is needed.
 */
final class InventoryApi {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    InventoryApi(int controlPort) {
        this.base = URI.create("http://127.0.0.1:" + controlPort + "/");
    }

    /** True once the control API answers its health check. */
    boolean healthy() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("healthz")).GET()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code POST /v1/containers}. */
    void add(DemoContainer container) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("v1/containers"))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(container.inventoryEntry(DemoFleet.SERVER))));
        expect(r, "adding " + container.spec().id());
    }

    /** {@code DELETE /v1/containers/{id}}. */
    void remove(DemoContainer container) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("v1/containers/" + container.spec().id())).DELETE());
        expect(r, "removing " + container.spec().id());
    }

    private static void expect(HttpResponse<String> r, String what) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + ": the control API answered " + r.statusCode() + " " + r.body().strip());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
