/**
 * The node's meters and their Prometheus text form ({@code GET /metrics}); every name is listed,
 * with its tags and meaning, in docs/operations.md ("Metrics").
 *
 * <p>The seam for the parts: {@link io.edgeplane.edge.metrics.NodeMetrics#meters()} is one
 * Micrometer {@code MeterRegistry} per process, handed to the parts when the node wires them
 * ({@code NodeParts.forNode}). Names start with the part: the proxy registers its own
 * ({@code edge.proxy.requests} tagged {@code service} and {@code status},
 * {@code edge.proxy.upstream.latency} as a histogram, {@code edge.proxy.connections.active} and
 * {@code .draining}; the histogram it counts itself and registers on the Prometheus registry
 * under this one, so another kind of registry would show only its count and sum); the DNS module counts in plain adders without Micrometer, so
 * {@link io.edgeplane.edge.metrics.DnsClientMeters} binds them here ({@code edge.dns.*}); the
 * overlay's ({@code edge.overlay.*}, per peer for bytes and handshakes) are bound by the overlay
 * agent, which knows when peers come and go. Parts' meters never depend on this package beyond
 * that, and keep tag values bounded (service names, status classes, peers of the inventory;
 * never client addresses or paths).
 */
package io.edgeplane.edge.metrics;
