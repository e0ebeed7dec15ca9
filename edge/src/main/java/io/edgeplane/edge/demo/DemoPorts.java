package io.edgeplane.edge.demo;

/**
 * The host ports the demo listens on (defaults in {@code edge demo --help}). All high, so the
 * demo runs as a normal user; all configurable, so two demos (or a demo and a test) can share a
 * machine.
 */
public record DemoPorts(int http, int https, int tcp, int dns, int centralDns, int control) {
}
