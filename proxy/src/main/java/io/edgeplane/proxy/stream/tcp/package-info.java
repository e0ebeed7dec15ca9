/**
 * The {@code tcp:} ports: one listener per port, each accepted connection dialled round-robin to a
 * current-version container (the next one on connect failure) and relayed byte for byte, with
 * backpressure and half-close as in Netty's proxy example, and an optional PROXY protocol header.
 */
package io.edgeplane.proxy.stream.tcp;
