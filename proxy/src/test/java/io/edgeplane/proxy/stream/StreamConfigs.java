package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link Config} in code: services with tcp/udp ports (container port 7), containers on loopback. */
final class StreamConfigs {

    static final int CONTAINER_PORT = 7;

    private final List<Service> services = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private Duration drainTimeout = Duration.ofSeconds(300);

    static StreamConfigs create() {
        return new StreamConfigs();
    }

    StreamConfigs tcp(String service, int port) {
        return service(service, new PortMapping(CONTAINER_PORT, 0, 0, port, 0));
    }

    StreamConfigs udp(String service, int port) {
        return service(service, new PortMapping(CONTAINER_PORT, 0, 0, 0, port));
    }

    StreamConfigs tcpAndUdp(String service, int tcpPort, int udpPort) {
        return service(service, new PortMapping(CONTAINER_PORT, 0, 0, tcpPort, udpPort));
    }

    StreamConfigs service(String service, PortMapping mapping) {
        services.add(new Service(service, List.of(mapping), List.of(), null, null, null));
        return this;
    }

    /** Sets {@code proxy_protocol} of an added service, as service.yml would. */
    StreamConfigs proxyProtocol(String service, ProxyProtocol version) {
        services.replaceAll(s -> s.name().equals(service) ? new Service(s.name(), s.ports(), s.trafficMatches(),
                s.dnsBehaviour(), s.loadBalancing(), s.health(), version) : s);
        return this;
    }

    /** A container {@code id} of {@code service} whose port 7 is the local {@code port}. */
    StreamConfigs container(String id, String service, int version, int port) {
        containers.add(new Container(id, service, version, "local", InetAddress.getLoopbackAddress(),
                Map.of(CONTAINER_PORT, port)));
        return this;
    }

    StreamConfigs drainTimeout(Duration timeout) {
        this.drainTimeout = timeout;
        return this;
    }

    Config build() {
        Settings d = Settings.defaults();
        Settings.Proxy proxy = new Settings.Proxy(InetAddress.getLoopbackAddress(), drainTimeout, "off",
                Settings.Tls.NONE);
        Settings settings = new Settings(d.node(), d.central(), d.control(), proxy, d.dns(), d.overlay());
        return new Config(settings, new Services(services), new Inventory(List.of(), containers, List.of()));
    }
}
