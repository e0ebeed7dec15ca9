package io.edgeplane.conf.model;

import java.net.InetAddress;

/**
 * A server of the application: its name, the underlay address other servers reach it on and,
 * when ContainerNet is used, its WireGuard public key (base64; null when absent).
 */
public record Server(String name, InetAddress address, String overlayKey) {
}
