/**
 * The TCP and UDP front door: the {@code tcp:} and {@code udp:} of a service's advanced
 * {@code ports}. {@link io.edgeplane.proxy.stream.StreamProxy} is the entry point; it compiles each
 * configuration snapshot into a {@link io.edgeplane.proxy.stream.StreamTable} (port → current-version
 * containers), keeps one listener per port and drains connections and sessions whose container is
 * no longer current. Subpackages: {@code tcp} (byte relay, half-close, PROXY protocol, the
 * per-port connection cap), {@code udp} (client sessions pinned to one container) and
 * {@code meters} (counters resolved once per service).
 */
package io.edgeplane.proxy.stream;
