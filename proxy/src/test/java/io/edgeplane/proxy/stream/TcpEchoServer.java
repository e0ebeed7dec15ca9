package io.edgeplane.proxy.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container on loopback: greets each connection with {@code <name>\n} (when named), then echoes
 * every byte back until the client half-closes, then half-closes too. Blocking sockets on
 * virtual threads: the backpressure of a real echo server, no buffering beyond 64 KiB.
 */
final class TcpEchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final String name;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    TcpEchoServer(String name) throws IOException {
        this(0, name);
    }

    private TcpEchoServer(int port, String name) throws IOException {
        this.name = name;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** On a fixed port: a container that comes (back) up where the configuration says it is. */
    static TcpEchoServer on(int port, String name) throws IOException {
        return new TcpEchoServer(port, name);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            if (name != null) {
                out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // the client went away: nothing to echo to
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
