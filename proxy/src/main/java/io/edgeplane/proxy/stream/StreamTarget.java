package io.edgeplane.proxy.stream;

import java.net.InetSocketAddress;

/** One container as the stream proxy dials it: its id, version and the address of the mapped port. */
public record StreamTarget(String containerId, String service, int version, InetSocketAddress address) {
}
