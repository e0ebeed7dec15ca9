package io.edgeplane.conf;

import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Database;
import io.edgeplane.conf.model.DatabaseGroup;
import io.edgeplane.conf.model.HealthCheck;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the shared part of a configuration back as service.yml and inventory.yml text that
 * {@link ConfigLoader} reads into equal records (the registry's state file and the API use it).
 * Ports are always written in the map form, which can say everything the triple can.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    public static String services(Services services) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Service s : services.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!s.ports().isEmpty()) {
                m.put("ports", s.ports().stream().map(ConfigWriter::port).toList());
            }
            if (!s.trafficMatches().isEmpty()) {
                m.put("traffic_matches", s.trafficMatches().stream().map(ServerName::text).toList());
            }
            m.put("dns_behaviour", s.dnsBehaviour().yamlName());
            m.put("load_balancing", s.loadBalancing().yamlName());
            if (s.health() != null) {
                m.put("health", health(s.health()));
            }
            if (s.proxyProtocol() != ProxyProtocol.NONE) {
                m.put("proxy_protocol", s.proxyProtocol().yamlName());
            }
            all.put(s.name(), m);
        }
        return dump(Map.of("services", all));
    }

    public static String inventory(Inventory inventory) {
        Map<String, Object> top = new LinkedHashMap<>();
        List<Object> servers = new ArrayList<>();
        for (Server s : inventory.servers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("address", s.address().getHostAddress());
            if (s.overlayKey() != null) {
                m.put("overlay_key", s.overlayKey());
            }
            if (s.slice() != null) {
                m.put("slice", s.slice().toString());
            }
            servers.add(m);
        }
        top.put("servers", servers);
        List<Object> containers = new ArrayList<>();
        for (Container c : inventory.containers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("service", c.service());
            m.put("version", c.version());
            m.put("server", c.server());
            if (c.address() != null) {
                m.put("address", c.address().getHostAddress());
            }
            if (!c.published().isEmpty()) {
                m.put("published", new java.util.TreeMap<>(c.published()));
            }
            containers.add(m);
        }
        top.put("containers", containers);
        Map<String, Object> databases = new LinkedHashMap<>();
        for (Database db : inventory.databases()) {
            if (db.groups().size() == 1 && db.groups().getFirst().name() == null) {
                databases.put(db.name(), Map.of("servers", addresses(db.groups().getFirst().servers())));
                continue;
            }
            List<Object> groups = new ArrayList<>();
            for (DatabaseGroup g : db.groups()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", g.name());
                m.put("primary", g.primary());
                m.put("servers", addresses(g.servers()));
                groups.add(m);
            }
            databases.put(db.name(), Map.of("groups", groups));
        }
        top.put("databases", databases);
        return dump(top);
    }

    private static Map<String, Object> port(PortMapping p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("container", p.container());
        putPort(m, "http", p.http());
        putPort(m, "https", p.https());
        putPort(m, "tcp", p.tcp());
        putPort(m, "udp", p.udp());
        return m;
    }

    private static void putPort(Map<String, Object> m, String key, int port) {
        if (port != PortMapping.NONE) {
            m.put(key, port);
        }
    }

    private static Map<String, Object> health(HealthCheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", h.type());
        m.put("endpoint", h.endpoint());
        m.put("protocol", h.protocol());
        m.put("accept", h.accept());
        m.put("timeout", duration(h.timeout()));
        return m;
    }

    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static List<String> addresses(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }

    private static String dump(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(document);
    }
}
