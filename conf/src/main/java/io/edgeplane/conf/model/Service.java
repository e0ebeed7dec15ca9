package io.edgeplane.conf.model;

import java.util.List;

/**
 * One service of service.yml with its networking directives. {@code health} is null when the
 * service has no readiness rule (then a TCP connect to the container port decides).
 */
public record Service(String name, List<PortMapping> ports, List<ServerName> trafficMatches,
                      DnsBehaviour dnsBehaviour, LoadBalancing loadBalancing, HealthCheck health,
                      ProxyProtocol proxyProtocol) {

    public Service {
        ports = List.copyOf(ports);
        trafficMatches = List.copyOf(trafficMatches);
        proxyProtocol = proxyProtocol == null ? ProxyProtocol.NONE : proxyProtocol;
    }

    public Service(String name, List<PortMapping> ports, List<ServerName> trafficMatches, DnsBehaviour dnsBehaviour,
                   LoadBalancing loadBalancing, HealthCheck health) {
        this(name, ports, trafficMatches, dnsBehaviour, loadBalancing, health, ProxyProtocol.NONE);
    }
}
