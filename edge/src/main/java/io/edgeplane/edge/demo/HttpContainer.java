package io.edgeplane.edge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP demo container (the JDK's own HTTP server). {@code /} answers its signature
 * ({@code web-1-a web v1}); {@code /slow} streams one line a second for the configured time,
 * the long request that a deploy must not cut; {@code /healthz} answers 200.
 */
final class HttpContainer implements DemoContainer {

    private final ContainerSpec spec;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int slowSeconds;

    private HttpContainer(ContainerSpec spec, HttpServer server, int slowSeconds) {
        this.spec = spec;
        this.server = server;
        this.slowSeconds = slowSeconds;
    }

    static HttpContainer start(ContainerSpec spec, int slowSeconds) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.ofLiteral(spec.address()), 0), 64);
        HttpContainer container = new HttpContainer(spec, server, slowSeconds);
        server.createContext("/", container::handle);
        // The JDK server runs handlers on the accepting thread by default: one slow request would stall all.
        server.setExecutor(container.threads);
        server.start();
        return container;
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Demo-Container", spec.id());
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow")) {
                slow(exchange);
            } else {
                byte[] body = (spec.signature() + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void slow(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0); // chunked: each line reaches the client as it is written
        OutputStream out = exchange.getResponseBody();
        try {
            for (int second = 1; second <= slowSeconds; second++) {
                out.write((spec.signature() + " " + second + "/" + slowSeconds + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000);
            }
            out.write((spec.signature() + " done\n").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("demo stopping");
        }
    }

    @Override
    public ContainerSpec spec() {
        return spec;
    }

    @Override
    public int publishedPort() {
        return server.getAddress().getPort();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
