package io.edgeplane.proxy.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container with knobs WireMock lacks: counts the connections it accepts and the request
 * heads it reads, and can close at once or hang instead of answering. Bodies are not read, so
 * it only takes bodiless requests. One virtual thread per connection; {@link #close} ends all.
 */
public final class TinyBackend implements AutoCloseable {

    public enum Mode { ANSWER, CLOSE_ON_ACCEPT, CLOSE_AFTER_HEAD, HANG }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode;
    private final String name;

    public TinyBackend(String name, Mode mode) throws IOException {
        this.name = name;
        this.mode = mode;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SocketContainers.acceptEach(server, this::serve);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    public List<String> heads() {
        return heads;
    }

    public void mode(Mode m) {
        mode = m;
    }

    private void serve(Socket s) {
        accepted.incrementAndGet();
        sockets.add(s);
        if (mode == Mode.CLOSE_ON_ACCEPT) {
            try {
                s.close();
            } catch (IOException e) {
                // closed anyway
            }
            return;
        }
        answer(s);
    }

    private void answer(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = SocketContainers.readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                switch (mode) {
                    case CLOSE_AFTER_HEAD, CLOSE_ON_ACCEPT -> {
                        return;
                    }
                    case HANG -> {
                        in.readAllBytes();
                        return;
                    }
                    case ANSWER -> {
                        byte[] body = name.getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nX-Backend: " + name + "\r\nContent-Length: " + body.length
                                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
