package io.edgeplane.edge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `edge run` relays a service's {@code tcp:} port to its container (an echo server here). */
class StreamProxyInRunTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void relaysATcpPortToTheContainer() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> acceptEchoing(echo));
            int port = ConfigTexts.freePort();
            ConfigTexts.Ports ports = ConfigTexts.write(dir, """
                    services:
                      echo:
                        ports:
                          - {container: 7, tcp: %d}
                    """.formatted(port));
            Files.writeString(dir.resolve("inventory.yml"), """
                    servers:
                      - {name: web-1, address: 127.0.0.1}
                    containers:
                      - {id: echo-1-a, service: echo, version: 1, server: web-1, address: 127.0.0.1, published: {7: %d}}
                    """.formatted(echo.getLocalPort()));
            try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
                edge.awaitLine(0, "running at revision 1");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("hello through edge\n".getBytes(StandardCharsets.US_ASCII));
                    // An open stream counts as an active connection of its container in the API,
                    // so an orchestrator never reads "drained" while a stream is still on it.
                    String state = "";
                    for (long deadline = System.nanoTime() + 10_000_000_000L; !state.contains("\"active_connections\":1")
                            && System.nanoTime() < deadline; Thread.sleep(50)) {
                        state = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + ports.control() + "/v1/containers/echo-1-a")).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()).body().replace(" ", "");
                    }
                    assertTrue(state.contains("\"active_connections\":1"), state);
                    s.shutdownOutput();
                    assertEquals("hello through edge\n", new String(s.getInputStream().readAllBytes(),
                            StandardCharsets.US_ASCII), "echoed, and the half-close passed both ways");
                }
            }
        }
    }

    private static void acceptEchoing(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        InputStream in = s.getInputStream();
                        in.transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // a probe connection that closed at once, or the test ended
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }
}
