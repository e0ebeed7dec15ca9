package io.edgeplane.proxy.health;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The probe target of every addressed container of a configuration, by container id. */
final class ProbeTargets {

    private ProbeTargets() {
    }

    static Map<String, ProbeTarget> of(Config config) {
        Map<String, ProbeTarget> targets = new LinkedHashMap<>();
        for (Container c : config.inventory().containers()) {
            if (c.address() == null) {
                continue;   // not ready until IPAM gives it an address
            }
            Service service = config.services().get(c.service()).orElse(null);
            if (service == null || service.ports().isEmpty()) {
                targets.put(c.id(), new ProbeTarget(c.id(), null, null));
                continue;
            }
            // The first container port: the one service.yml lists first is the one the
            // application serves on; Cloud 66 probes that one too. A port served only over UDP
            // accepts no TCP connect, so the first that is not; a service with only UDP ports
            // and no health rule is ready once it has an address, as nginx's stream module
            // (without active checks) would send to it.
            PortMapping probed = service.ports().stream().filter(p -> !udpOnly(p)).findFirst()
                    .orElse(service.health() == null ? null : service.ports().getFirst());
            if (probed == null) {
                targets.put(c.id(), new ProbeTarget(c.id(), null, null));
                continue;
            }
            int port = c.portFor(probed.container());
            targets.put(c.id(), new ProbeTarget(c.id(), new InetSocketAddress(c.address(), port), service.health()));
        }
        return targets;
    }

    private static boolean udpOnly(PortMapping p) {
        return p.hasUdp() && !p.hasTcp() && !p.hasHttp() && !p.hasHttps();
    }
}
