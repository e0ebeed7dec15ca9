package io.edgeplane.proxy.health;

import io.edgeplane.conf.model.HealthCheck;

import java.net.InetSocketAddress;

/**
 * What to probe for one container: the address of its first container port and the service's
 * rule ({@code null}: a TCP connect decides). A container whose service has no port has no
 * address to probe ({@code address == null}) and is ready as soon as it has an address, as
 * before probing existed. Two configurations that give a container an equal target keep its
 * probe and its state; any difference starts it over as unready.
 */
record ProbeTarget(String containerId, InetSocketAddress address, HealthCheck rule) {

    boolean probed() {
        return address != null;
    }
}
