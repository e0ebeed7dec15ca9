/**
 * The TUN side of the overlay: the {@link io.edgeplane.overlay.tun.Tun} interface the device
 * reads and writes IP packets through, and its Linux implementation over /dev/net/tun opened
 * with the FFM API (open, ioctl TUNSETIFF, read, write, poll; no JNA).
 */
package io.edgeplane.overlay.tun;
