package io.edgeplane.proxy.http;

import java.nio.charset.StandardCharsets;

/**
 * What one client connection adds to every request head it sends on, encoded once: its
 * address (appended to X-Forwarded-For) and the X-Real-IP and X-Forwarded-Proto lines, which
 * do not change for the connection's life.
 *
 * @param address    the client's address as ASCII
 * @param fixedLines {@code X-Real-IP: <address>\r\nX-Forwarded-Proto: <scheme>\r\n}
 */
record ForwardedLines(byte[] address, byte[] fixedLines) {

    static ForwardedLines of(String clientIp, String scheme) {
        return new ForwardedLines(clientIp.getBytes(StandardCharsets.US_ASCII),
                ("X-Real-IP: " + clientIp + "\r\nX-Forwarded-Proto: " + scheme + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
