package io.edgeplane.edge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The long request {@code edge demo --deploy} keeps open across its own deploy: {@code GET /slow}
 * through the proxy, read line by line on a virtual thread, to show that it ends on the version
 * it started on with every line.
 */
final class SlowRequest {

    private final CompletableFuture<String> first = new CompletableFuture<>();
    private final CompletableFuture<List<String>> all = new CompletableFuture<>();

    private SlowRequest() {
    }

    static SlowRequest start(ProxyProbe proxy) {
        SlowRequest request = new SlowRequest();
        Thread.ofVirtual().name("demo-slow").start(() -> {
            List<String> lines = new ArrayList<>();
            try (Stream<String> body = proxy.slow(DemoFiles.WEB_HOST)) {
                body.forEach(line -> {
                    lines.add(line);
                    request.first.complete(line);
                });
                request.all.complete(lines);
            } catch (Exception e) {
                request.first.completeExceptionally(e);
                request.all.completeExceptionally(e);
            }
        });
        return request;
    }

    /** The first line, once it has arrived: it names the container serving the request. */
    String firstLine(int seconds) throws Exception {
        return first.get(seconds, TimeUnit.SECONDS);
    }

    /** Every line, once the response has ended. */
    List<String> lines(int seconds) throws Exception {
        return all.get(seconds, TimeUnit.SECONDS);
    }
}
