/**
 * The WireGuard device, after wireguard-go's device/: one concern per file ({@code Send},
 * {@code Receive}, {@code ReceiveHandshake}, {@code Timers}, {@code Peer}, {@code AllowedIps}),
 * I/O behind {@link io.edgeplane.overlay.tun.Tun} and {@link io.edgeplane.overlay.device.Bind}
 * so whole nodes run in memory in tests. Peers come as a compiled {@link
 * io.edgeplane.overlay.device.PeerTable} published with one volatile write.
 */
package io.edgeplane.overlay.device;
