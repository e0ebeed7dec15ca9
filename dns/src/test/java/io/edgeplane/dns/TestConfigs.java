package io.edgeplane.dns;

import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Settings;
import java.nio.file.Path;

/** The seed's deploy scenario as configuration: web and api at versions 7 and 8 side by side. */
public final class TestConfigs {

    public static final String SERVICES = """
            services:
              web:
                ports: ["3000:80:443"]
              api:
                ports: ["4000"]
              worker:
                dns_behaviour: non-versioned
              cache:
                load_balancing: sticky
                dns_behaviour: non-versioned
              search:
                load_balancing: closest
                dns_behaviour: non-versioned
              v6only:
                ports: ["7000"]
              many:
                ports: ["9000"]
            """;

    /** Callers: web-7-a (old) and web-8-a (new) on web-1, web-8-c on web-3. */
    public static final String INVENTORY = """
            servers:
              - {name: web-1, address: 10.0.0.11}
              - {name: web-2, address: 10.0.0.12}
              - {name: web-3, address: 10.0.0.13}
            containers:
              - {id: web-7-a, service: web, version: 7, server: web-1, address: %s}
              - {id: web-8-a, service: web, version: 8, server: web-1, address: %s}
              - {id: web-8-c, service: web, version: 8, server: web-3, address: %s}
              - {id: api-7-a, service: api, version: 7, server: web-1, address: 10.32.1.6}
              - {id: api-7-b, service: api, version: 7, server: web-2, address: 10.32.2.6}
              - {id: api-8-a, service: api, version: 8, server: web-1, address: 10.32.1.16}
              - {id: api-8-b, service: api, version: 8, server: web-2, address: 10.32.2.16}
              - {id: worker-7-a, service: worker, version: 7, server: web-2, address: 10.32.2.7}
              - {id: worker-8-a, service: worker, version: 8, server: web-2, address: 10.32.2.17}
              - {id: cache-8-a, service: cache, version: 8, server: web-1, address: 10.32.1.20}
              - {id: cache-8-b, service: cache, version: 8, server: web-2, address: 10.32.2.20}
              - {id: cache-8-c, service: cache, version: 8, server: web-2, address: 10.32.2.21}
              - {id: search-8-a, service: search, version: 8, server: web-1, address: 10.32.1.30}
              - {id: search-8-b, service: search, version: 8, server: web-2, address: 10.32.2.30}
              - {id: search-8-c, service: search, version: 8, server: web-2, address: 10.32.2.31}
              - {id: v6only-8-a, service: v6only, version: 8, server: web-2, address: "fd00::5"}
            %s
            databases:
              mysql:
                groups:
                  - {name: main, primary: true, servers: [10.0.0.21]}
                  - {name: spare, servers: [10.0.0.22]}
              mongodb:
                servers: [10.0.0.31]
              redis:
                groups:
                  - {name: a, servers: [10.0.0.41]}
                  - {name: b, servers: [10.0.0.42]}
            """;

    public static final String OLD_WEB = "10.32.1.5";
    public static final String NEW_WEB = "10.32.1.15";
    public static final String FAR_WEB = "10.32.3.15";

    private TestConfigs() {
    }

    /** {@code config} with its dns settings replaced. */
    public static Config withDns(Config config, Settings.Dns dns) {
        Settings s = config.settings();
        return new Config(new Settings(s.node(), s.central(), s.control(), s.proxy(), dns, s.overlay()),
                config.services(), config.inventory());
    }

    public static Config config() {
        return config(null, OLD_WEB, NEW_WEB, FAR_WEB, 0);
    }

    /**
     * The scenario with the callers at the given addresses (loopback ones let a test act as
     * them) and {@code many} containers of service {@code many} (10.33.x.y) to overflow 512 bytes.
     */
    public static Config config(String edgeYaml, String oldWeb, String newWeb, String farWeb, int many) {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < many; i++) {
            extra.append("  - {id: many-").append(i).append(", service: many, version: 1, server: web-2, address: 10.33.")
                    .append(i / 200).append('.').append(i % 200 + 1).append("}\n");
        }
        String inventory = INVENTORY.formatted(oldWeb, newWeb, farWeb, extra.toString().stripTrailing());
        Loaded loaded = ConfigLoader.parse("edge.yml", edgeYaml, Path.of("."), "service.yml", SERVICES,
                "inventory.yml", inventory);
        if (!loaded.ok()) {
            throw new IllegalStateException("test configuration does not load: " + loaded.errors());
        }
        return loaded.config();
    }
}
