package io.edgeplane.conf.model;

/**
 * One item of a service's {@code ports}: the container port and the host ports it is published
 * on. A host port of 0 means "not exposed that way"; a mapping with none is local only
 * (reachable through ContainerNet).
 */
public record PortMapping(int container, int http, int https, int tcp, int udp) {

    public static final int NONE = 0;

    public boolean hasHttp() {
        return http != NONE;
    }

    public boolean hasHttps() {
        return https != NONE;
    }

    public boolean hasTcp() {
        return tcp != NONE;
    }

    public boolean hasUdp() {
        return udp != NONE;
    }

    public boolean isLocalOnly() {
        return !hasHttp() && !hasHttps() && !hasTcp() && !hasUdp();
    }
}
