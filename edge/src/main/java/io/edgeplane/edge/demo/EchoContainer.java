package io.edgeplane.edge.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP demo container behind a {@code tcp:} port: answers the first line of each connection
 * with its signature and the line ({@code echo-1-a echo v1: hello}), then closes, so
 * {@code echo hello | nc HOST PORT} ends by itself whichever nc is installed.
 */
final class EchoContainer implements DemoContainer {

    private final ContainerSpec spec;
    private final ServerSocket socket;
    private final AtomicInteger inFlight = new AtomicInteger();

    private EchoContainer(ContainerSpec spec, ServerSocket socket) {
        this.spec = spec;
        this.socket = socket;
    }

    static EchoContainer start(ContainerSpec spec) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.ofLiteral(spec.address()), 0), 64);
        EchoContainer container = new EchoContainer(spec, socket);
        Thread.ofVirtual().name("demo-" + spec.id()).start(container::accept);
        return container;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket client) {
        inFlight.incrementAndGet();
        try (client) {
            client.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = client.getOutputStream();
            out.write((spec.signature() + ": " + (line == null ? "" : line) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public ContainerSpec spec() {
        return spec;
    }

    @Override
    public int publishedPort() {
        return socket.getLocalPort();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
