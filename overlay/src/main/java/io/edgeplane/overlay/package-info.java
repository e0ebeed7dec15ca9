/**
 * ContainerNet: the WireGuard protocol over TUN and UDP, IPAM and container attachment.
 * {@link io.edgeplane.overlay.ContainerNet} is the node's part (apply a registry snapshot);
 * {@link io.edgeplane.overlay.OverlayNodeMain} runs a node from command-line flags (tests, perf).
 * Subpackages: crypto (primitives), noise (handshake), device (data path and timers), tun
 * (FFM TUN), ipam, keys, attach.
 */
package io.edgeplane.overlay;
