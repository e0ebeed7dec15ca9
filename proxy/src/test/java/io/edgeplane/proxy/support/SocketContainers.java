package io.edgeplane.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** The pieces the raw-socket test containers share: their accept loop and reading a request head. */
public final class SocketContainers {

    private SocketContainers() {
    }

    /** Accepts on {@code server} until it is closed, each connection served on its own virtual thread. */
    public static void acceptEach(ServerSocket server, Consumer<Socket> serve) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve.accept(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Reads up to and including the blank line ending a head; null at end of stream first. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            int n = b.length();
            if (n >= 4 && c == '\n' && b.charAt(n - 2) == '\r' && b.charAt(n - 3) == '\n' && b.charAt(n - 4) == '\r') {
                return b.toString();
            }
            if (n > 65536) {
                throw new IOException("head over 64 KiB");
            }
        }
        return null;
    }
}
