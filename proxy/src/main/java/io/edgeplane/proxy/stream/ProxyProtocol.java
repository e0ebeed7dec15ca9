package io.edgeplane.proxy.stream;

import java.util.Locale;

/**
 * Whether a TCP connection to a container starts with a PROXY protocol header (haproxy's
 * proxy-protocol.txt) so the container sees the client's address instead of the edge's.
 */
public enum ProxyProtocol {
    NONE, V1, V2;

    /** {@code v1}, {@code v2}, or {@code off}/{@code none}, as a service.yml value would say it. */
    public static ProxyProtocol parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "v1", "1" -> V1;
            case "v2", "2" -> V2;
            case "off", "none", "false", "" -> NONE;
            default -> throw new IllegalArgumentException("proxy_protocol: expected v1, v2 or off, got " + text);
        };
    }
}
