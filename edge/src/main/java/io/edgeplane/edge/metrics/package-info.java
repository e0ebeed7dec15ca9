/**
 * The node's meters and their Prometheus text form ({@code GET /metrics}).
 *
 * <p>The seam for the parts: {@link io.edgeplane.edge.metrics.NodeMetrics#meters()} is one
 * Micrometer {@code MeterRegistry} per process, handed to the parts when the node wires them.
 * The proxy, DNS and overlay register their own meters on it (names start with the part:
 * {@code edge.proxy.requests} tagged {@code service} and {@code status},
 * {@code edge.proxy.upstream.latency} as a histogram, {@code edge.proxy.connections.active} and
 * {@code .draining} gauges, {@code edge.dns.queries}, {@code edge.dns.cache.hits} and
 * {@code .misses}, {@code edge.overlay.handshakes}, {@code edge.overlay.bytes} tagged
 * {@code direction}). They depend only on micrometer-core, never on this package, and keep tag
 * values bounded (service names, status classes; never client addresses or paths).
 */
package io.edgeplane.edge.metrics;
