package io.edgeplane.conf.model;

import java.net.InetAddress;
import java.util.Map;

/**
 * One running container of a service. {@code version} is the deploy generation (newer is
 * larger). {@code address} may be null until IPAM assigns one. {@code published} maps a
 * container port to the port reachable on {@code address} (for containers whose ports are
 * published on the server rather than reachable directly).
 */
public record Container(String id, String service, int version, String server,
                        InetAddress address, Map<Integer, Integer> published) {

    public Container {
        published = Map.copyOf(published);
    }

    /** The port to connect to for a container port: the published one, or the port itself. */
    public int portFor(int containerPort) {
        return published.getOrDefault(containerPort, containerPort);
    }
}
