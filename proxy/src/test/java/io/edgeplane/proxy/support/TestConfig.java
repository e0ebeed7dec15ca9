package io.edgeplane.proxy.support;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.proxy.route.Names;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link Config} in code: services on loopback ports, containers at local test servers. */
public final class TestConfig {

    private final List<Service> services = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private Settings.Tls tls = Settings.Tls.NONE;
    private String accessLog = "off";
    private java.time.Duration drainTimeout;
    private int next;

    public static TestConfig create() {
        return new TestConfig();
    }

    /** A service on {@code httpPort} (container port 3000) answering the given names. */
    public TestConfig http(String service, int httpPort, String... names) {
        return service(service, new PortMapping(3000, httpPort, 0, 0, 0), names);
    }

    public TestConfig https(String service, int httpsPort, String... names) {
        return service(service, new PortMapping(3000, 0, httpsPort, 0, 0), names);
    }

    public TestConfig service(String service, PortMapping mapping, String... names) {
        services.add(new Service(service, List.of(mapping), Names.list(names), null, null, null));
        return this;
    }

    /** A service with several ports, in the order service.yml would list them. */
    public TestConfig service(String service, List<PortMapping> mappings) {
        services.add(new Service(service, List.copyOf(mappings), Names.list(), null, null, null));
        return this;
    }

    /** A container of {@code service} (version 1) whose port 3000 is the local port {@code port}. */
    public TestConfig container(String service, int port) {
        return container(service, 1, port);
    }

    public TestConfig container(String service, int version, int port) {
        containers.add(new Container(service + "-" + version + "-" + (next++), service, version, "local",
                InetAddress.getLoopbackAddress(), Map.of(3000, port)));
        return this;
    }

    /** Gives the services added so far {@code rule} as their readiness rule. */
    public TestConfig health(io.edgeplane.conf.model.HealthCheck rule) {
        services.replaceAll(s -> new Service(s.name(), s.ports(), s.trafficMatches(), s.dnsBehaviour(),
                s.loadBalancing(), rule));
        return this;
    }

    /** A container with a chosen id. */
    public TestConfig container(String id, String service, int version, int port) {
        containers.add(new Container(id, service, version, "local", InetAddress.getLoopbackAddress(),
                Map.of(3000, port)));
        return this;
    }

    public TestConfig drainTimeout(java.time.Duration timeout) {
        this.drainTimeout = timeout;
        return this;
    }

    public TestConfig tls(Settings.Tls certificates) {
        this.tls = certificates;
        return this;
    }

    public TestConfig accessLog(String target) {
        this.accessLog = target;
        return this;
    }

    public Config build() {
        Settings d = Settings.defaults();
        Settings.Proxy proxy = new Settings.Proxy(InetAddress.getLoopbackAddress(),
                drainTimeout != null ? drainTimeout : d.proxy().drainTimeout(), accessLog, tls);
        Settings settings = new Settings(d.node(), d.central(), d.control(), proxy, d.dns(), d.overlay());
        return new Config(settings, new Services(services), new Inventory(List.of(), containers, List.of()));
    }
}
