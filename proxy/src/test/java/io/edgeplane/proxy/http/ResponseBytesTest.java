package io.edgeplane.proxy.http;

import io.edgeplane.proxy.support.SocketContainers;

import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an HTTP/1.1 client receives when the container's response passes through as bytes:
 * exactly the container's lines minus the hop-by-hop ones, the body in the container's own
 * framing (chunk extensions and trailers included), and the connection still usable after it;
 * a response that could be read two ways is a 502 instead. The container is a socket that
 * answers every request head with the same bytes.
 */
class ResponseBytesTest {

    private final int port = FreePorts.one();
    private Proxy proxy;
    private CannedContainer container;

    @AfterEach
    void close() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (container != null) {
            container.close();
            container = null;
        }
    }

    private void serve(String response) throws IOException {
        container = new CannedContainer(response);
        proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create().http("web", port).container("web", container.port()).build());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aChunkedResponseReachesTheClientAsTheContainerFramedItMinusHopByHopLines() throws Exception {
        serve("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\n"
                + "Transfer-Encoding: chunked\r\nX-Kept: 1\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n");
        String expected = "HTTP/1.1 200 OK\r\nX-Kept: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n";
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            for (int i = 0; i < 2; i++) {
                send(client, "GET /" + i + " HTTP/1.1\r\nHost: app\r\n\r\n");
                assertEquals(expected, read(client.getInputStream(), expected.length()),
                        "request " + i + " on the same connection");
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fixedLengthBodiesOnEitherSideOfTheCoalescingLimitArriveWhole() throws Exception {
        // Up to 2 KiB the body is copied into the head's buffer; above it, it follows as its own.
        for (int size : new int[] {1, 100, 2048, 2049, 70_000}) {
            close();
            String body = "b".repeat(size - 1) + "!";
            serve("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\nKeep-Alive: timeout=5\r\n\r\n" + body);
            String expected = "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n" + body;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(10_000);
                for (int i = 0; i < 2; i++) {
                    send(client, "GET /" + i + " HTTP/1.1\r\nHost: app\r\n\r\n");
                    assertEquals(expected, read(client.getInputStream(), expected.length()),
                            size + " bytes, request " + i + " on the same connection");
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLengthBesideChunkedIsNotForwarded() throws Exception {
        serve("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        String expected = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            send(client, "GET / HTTP/1.1\r\nHost: app\r\n\r\n");
            assertEquals(expected, read(client.getInputStream(), expected.length()));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aResponseThatCouldBeReadTwoWaysIsA502() throws Exception {
        serve("HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            send(client, "GET / HTTP/1.1\r\nHost: app\r\n\r\n");
            String head = read(client.getInputStream(), "HTTP/1.1 502".length());
            assertTrue(head.startsWith("HTTP/1.1 502"), head);
        }
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String read(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Answers each request head it reads (bodiless requests only) with the same bytes. */
    private static final class CannedContainer implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final byte[] response;

        CannedContainer(String response) throws IOException {
            this.response = response.getBytes(StandardCharsets.US_ASCII);
            SocketContainers.acceptEach(server, this::answer);
        }

        int port() {
            return server.getLocalPort();
        }

        private void answer(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    if (head.size() >= 4 && endsWithBlankLine(head.toByteArray())) {
                        s.getOutputStream().write(response);
                        s.getOutputStream().flush();
                        head.reset();
                    }
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        private static boolean endsWithBlankLine(byte[] b) {
            int n = b.length;
            return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
