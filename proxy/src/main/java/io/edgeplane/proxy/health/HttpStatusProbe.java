package io.edgeplane.proxy.health;

import io.edgeplane.conf.model.HealthCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET <endpoint>} on the container port; ready when the status is one the rule accepts.
 * Only the status line is read, with {@code Connection: close}, so a large or slow body cannot
 * hold the probe. The whole check (connect, send, status line) must fit in the timeout.
 */
final class HttpStatusProbe implements Probe {

    private static final int MAX_STATUS_LINE = 256;

    private final HealthCheck rule;

    HttpStatusProbe(HealthCheck rule) {
        this.rule = rule;
    }

    @Override
    public boolean check(InetSocketAddress address, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket s = new Socket()) {
            s.connect(address, (int) Math.max(1, timeout.toMillis()));
            String host = address.getAddress().getHostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            String request = "GET " + rule.endpoint() + " HTTP/1.1\r\nHost: " + host + ":" + address.getPort()
                    + "\r\nUser-Agent: edge-health\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = readStatus(s, deadline);
            return status > 0 && rule.accepts(status);
        } catch (IOException e) {
            return false;
        }
    }

    /** The status code of {@code HTTP/1.x NNN ...}, or -1. */
    private static int readStatus(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            s.setSoTimeout((int) left);
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.append((char) b);
        }
        String text = line.toString().trim();
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
