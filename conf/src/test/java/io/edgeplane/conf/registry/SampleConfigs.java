package io.edgeplane.conf.registry;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.DnsBehaviour;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.LoadBalancing;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.model.Settings;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configurations built in code, so registry tests do not depend on YAML parsing. */
final class SampleConfigs {

    static final Settings SETTINGS = Settings.defaults();

    private SampleConfigs() {
    }

    static Service service(String name, int container, int http, String host) {
        return new Service(name, List.of(new PortMapping(container, http, 0, 0, 0)),
                host == null ? List.of() : List.of(ServerName.exact(host)), DnsBehaviour.VERSIONED,
                LoadBalancing.ROUNDROBIN, null);
    }

    static Container container(String id, String service, int version) {
        return new Container(id, service, version, "web-1", InetAddress.ofLiteral("10.32.1." + (id.length() + version)),
                Map.of());
    }

    /** web and api on port 80, with {@code version} of web deployed as one container. */
    static Config webAndApi(int version) {
        return new Config(SETTINGS,
                new Services(List.of(service("web", 3000, 80, "app.example.com"), service("api", 4000, 80,
                        "api.example.com"))),
                new Inventory(List.of(new Server("web-1", InetAddress.ofLiteral("10.0.0.11"), null)),
                        List.of(container("web-" + version + "-a", "web", version)), List.of()));
    }

    /** A configuration that differs for every {@code n}: n services, each on its own port. */
    static Config numbered(int n) {
        List<Service> services = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            services.add(service("s" + i, 3000 + i, 8000 + i, null));
        }
        return new Config(SETTINGS, new Services(services), Inventory.EMPTY);
    }
}
