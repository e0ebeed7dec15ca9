/**
 * The TUN side of the overlay: the {@link io.edgeplane.overlay.tun.Tun} interface the device
 * reads and writes IP packets through, and its Linux implementation over /dev/net/tun opened
 * with the FFM API (open, ioctl TUNSETIFF, read, write, poll; no JNA), optionally with
 * IFF_VNET_HDR and TSO/checksum offloads, whose super-packets {@link io.edgeplane.overlay.tun.Offload}
 * cuts into segments and glues back.
 */
package io.edgeplane.overlay.tun;
