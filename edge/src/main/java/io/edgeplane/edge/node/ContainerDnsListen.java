package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.overlay.ipam.AddressAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers plugged into ContainerNet get a resolv.conf naming their gateway, this server's
 * {@code cnet0} address, on port 53 (resolv.conf has no port). So with the overlay enabled the
 * DNS client also listens there, once the central has given this server its slice, and answers
 * the whole overlay network (its containers are the clients ElasticDNS is for).
 */
final class ContainerDnsListen {

    private ContainerDnsListen() {
    }

    static Config addGateway(Config config) {
        Settings s = config.settings();
        if (!s.overlay().enabled()) {
            return config;
        }
        Server self = config.inventory().server(s.node().name()).orElse(null);
        if (self == null || self.slice() == null) {
            return config;
        }
        Endpoint gateway = new Endpoint(AddressAllocator.gateway(self.slice()), 53);
        List<Endpoint> listen = new ArrayList<>(s.dns().listen());
        if (!listen.contains(gateway)) {
            listen.add(gateway);
        }
        List<Cidr> allow = new ArrayList<>(s.dns().allow());
        if (allow.stream().noneMatch(c -> c.contains(s.overlay().network().base()) && c.prefix() <= s.overlay().network().prefix())) {
            allow.add(s.overlay().network());
        }
        Settings.Dns dns = new Settings.Dns(s.dns().zone(), listen, s.dns().centralListen(), s.dns().upstreams(),
                s.dns().ttl(), allow);
        return new Config(new Settings(s.node(), s.central(), s.control(), s.proxy(), dns, s.overlay()),
                config.services(), config.inventory());
    }
}
