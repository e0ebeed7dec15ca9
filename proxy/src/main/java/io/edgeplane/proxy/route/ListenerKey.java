package io.edgeplane.proxy.route;

/** One listener the configuration asks for: a port and whether it is HTTPS. */
public record ListenerKey(int port, boolean tls) {
}
