/**
 * The {@code udp:} ports: one socket per port; datagrams from a new client address and port
 * start a session pinned to one container (round-robin), relayed through a socket of its own
 * connected to that container, on the listener's event loop (no thread per session). Replies go
 * back to the client from the listening socket. A session ends after the idle timeout.
 */
package io.edgeplane.proxy.stream.udp;
