/**
 * The Netty data plane. {@link io.edgeplane.proxy.Proxy} is the entry point: it takes whole
 * configuration snapshots ({@code apply}), compiles each into a route table published with one
 * volatile write, and keeps one listener per HTTP and HTTPS port of the configuration.
 * Subpackages: {@code route} (the compiled table and nginx host precedence), {@code upstream}
 * (selection, passive health, per-loop pools), {@code http} (the HTTP/1.1 and HTTP/2 front
 * door), {@code tls} (SNI certificates, ALPN), {@code log} (the asynchronous access log),
 * {@code health} (readiness probes shared by the node) and {@code drain} (connections per
 * container, deploy states, the drain clock).
 */
package io.edgeplane.proxy;
