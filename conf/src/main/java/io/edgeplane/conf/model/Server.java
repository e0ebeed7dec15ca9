package io.edgeplane.conf.model;

import java.net.InetAddress;

/**
 * A server of the application: its name, the underlay address other servers reach it on and,
 * when ContainerNet is used, its WireGuard public key (base64; null when absent) and its slice
 * of the overlay network (null until the central's IPAM assigns one).
 */
public record Server(String name, InetAddress address, String overlayKey, Cidr slice) {

    public Server(String name, InetAddress address, String overlayKey) {
        this(name, address, overlayKey, null);
    }

    public Server withSlice(Cidr newSlice) {
        return new Server(name, address, overlayKey, newSlice);
    }
}
