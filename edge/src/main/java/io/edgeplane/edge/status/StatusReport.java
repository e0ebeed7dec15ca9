package io.edgeplane.edge.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.edge.control.ControlApiClient;
import io.edgeplane.edge.control.StateJson;
import io.edgeplane.edge.follow.FollowerRegistry;
import io.edgeplane.edge.overlay.OverlayReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code edge status} shows, gathered from the node's control API: its state, each
 * container's state and connections, the listeners its services imply on {@code proxy.bind},
 * the DNS client's cache figures (from {@code /metrics}) and the overlay's peers (from
 * {@code /v1/overlay}).
 *
 * @param dnsCache     null when this server runs no DNS client (central only)
 * @param overlayPeers null when ContainerNet does not run on this server
 */
public record StatusReport(String control, long revision, List<ServiceRow> services, List<ContainerRow> containers,
                           List<ListenerRow> listeners, DnsCache dnsCache, List<OverlayReport.PeerLine> overlayPeers) {

    /** A service: its current version (highest with a ready container; 0 when none is ready) and all deployed. */
    public record ServiceRow(String name, int currentVersion, List<Integer> versions, int containers, String ports) {
    }

    public record ContainerRow(String id, String service, int version, String server, String address, String state,
                               long activeConnections) {
    }

    /** One listener: protocol, address and port, and the services on it. */
    public record ListenerRow(String protocol, String address, List<String> services) {
    }

    /**
     * The node client's cache as {@code /metrics} shows it: answers held, and queries answered
     * fresh from it (hits), fetched (misses), or served stale while the central was away.
     */
    public record DnsCache(long entries, long hits, long misses, long stale) {

        /** Null when the node has no DNS client (its meters are absent). */
        static DnsCache of(MetricSamples m) {
            if (m.get("edge_dns_cache_size") == null) {
                return null;
            }
            return new DnsCache(m.count("edge_dns_cache_size"), m.count("edge_dns_cache_hits_total"),
                    m.count("edge_dns_cache_misses_total"), m.count("edge_dns_cache_stale_total"));
        }
    }

    /**
     * Asks the node.
     *
     * @throws IOException when it cannot be reached or answers with an error
     */
    public static StatusReport gather(ControlApiClient api) throws IOException, InterruptedException {
        ControlApiClient.Reply state = api.get("/v1/state");
        if (state.status() != 200) {
            throw new IOException("GET /v1/state answered " + state.status() + ": " + state.text());
        }
        StateJson.Parsed parsed = StateJson.parse(state.body());
        Settings settings = api.settings();
        Config config = FollowerRegistryAccess.toConfig(parsed, settings, api.base() + "v1/state");
        ObjectMapper json = new ObjectMapper();
        List<ContainerRow> containers = new ArrayList<>();
        for (Container c : config.inventory().containers()) {
            ControlApiClient.Reply one = api.get("/v1/containers/" + java.net.URLEncoder.encode(c.id(),
                    java.nio.charset.StandardCharsets.UTF_8));
            JsonNode body = json.readTree(one.body());
            String st = one.status() == 200 ? body.path("state").asText() : "gone";
            containers.add(new ContainerRow(c.id(), c.service(), c.version(), c.server(),
                    c.address() == null ? "-" : c.address().getHostAddress(), st,
                    body.path("active_connections").asLong()));
        }
        List<ServiceRow> services = new ArrayList<>();
        for (Service s : config.services().list()) {
            TreeSet<Integer> versions = new TreeSet<>();
            int current = 0;
            int count = 0;
            for (ContainerRow c : containers) {
                if (c.service().equals(s.name())) {
                    versions.add(c.version());
                    count++;
                    if (c.state().equals("ready")) {
                        current = Math.max(current, c.version());
                    }
                }
            }
            services.add(new ServiceRow(s.name(), current, List.copyOf(versions), count, ports(s)));
        }
        return new StatusReport(api.base().getAuthority(), parsed.revision(), services, containers,
                listeners(config, settings), dnsCache(api), overlayPeers(api, json));
    }

    private static DnsCache dnsCache(ControlApiClient api) throws IOException, InterruptedException {
        ControlApiClient.Reply metrics = api.get("/metrics");
        if (metrics.status() != 200) {
            throw new IOException("GET /metrics answered " + metrics.status() + ": " + metrics.text());
        }
        return DnsCache.of(MetricSamples.parse(metrics.text()));
    }

    /** The peers, or null when the node answers 404: ContainerNet does not run there. */
    private static List<OverlayReport.PeerLine> overlayPeers(ControlApiClient api, ObjectMapper json)
            throws IOException, InterruptedException {
        ControlApiClient.Reply overlay = api.get("/v1/overlay");
        if (overlay.status() == 404) {
            return null;
        }
        if (overlay.status() != 200) {
            throw new IOException("GET /v1/overlay answered " + overlay.status() + ": " + overlay.text());
        }
        return OverlayReport.fromJson(json.readTree(overlay.body())).peers();
    }

    private static String ports(Service s) {
        List<String> all = new ArrayList<>();
        for (PortMapping p : s.ports()) {
            List<String> exposed = new ArrayList<>();
            if (p.hasHttp()) {
                exposed.add("http " + p.http());
            }
            if (p.hasHttps()) {
                exposed.add("https " + p.https());
            }
            if (p.hasTcp()) {
                exposed.add("tcp " + p.tcp());
            }
            if (p.hasUdp()) {
                exposed.add("udp " + p.udp());
            }
            all.add(p.container() + (exposed.isEmpty() ? " (server only)" : " <- " + String.join(", ", exposed)));
        }
        return all.isEmpty() ? "-" : String.join("; ", all);
    }

    private static List<ListenerRow> listeners(Config config, Settings settings) {
        Map<String, List<String>> byListener = new TreeMap<>();
        String bind = new io.edgeplane.conf.model.Endpoint(settings.proxy().bind(), 1).toString();
        String host = bind.substring(0, bind.lastIndexOf(':'));
        for (Service s : config.services().list()) {
            for (PortMapping p : s.ports()) {
                add(byListener, "http", host, p.http(), s.name());
                add(byListener, "https", host, p.https(), s.name());
                add(byListener, "tcp", host, p.tcp(), s.name());
                add(byListener, "udp", host, p.udp(), s.name());
            }
        }
        List<ListenerRow> rows = new ArrayList<>();
        byListener.forEach((key, services) -> {
            // Keys carry zero-padded ports so that 443 sorts before 8080; shown without the padding.
            String[] parts = key.split(" ", 2);
            int colon = parts[1].lastIndexOf(':');
            rows.add(new ListenerRow(parts[0], parts[1].substring(0, colon + 1)
                    + Integer.parseInt(parts[1].substring(colon + 1)), List.copyOf(services)));
        });
        return rows;
    }

    private static void add(Map<String, List<String>> byListener, String protocol, String host, int port, String service) {
        if (port == PortMapping.NONE) {
            return;
        }
        List<String> services = byListener.computeIfAbsent(protocol + " " + host + ":" + String.format("%05d", port),
                k -> new ArrayList<>());
        if (!services.contains(service)) {
            services.add(service);
        }
    }

    /** The report as JSON-ready maps, keys as in the API (snake_case). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("control", control);
        m.put("revision", revision);
        m.put("services", services.stream().map(s -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", s.name());
            r.put("current_version", s.currentVersion() == 0 ? null : s.currentVersion());
            r.put("versions", s.versions());
            r.put("containers", s.containers());
            r.put("ports", s.ports());
            return r;
        }).toList());
        m.put("containers", containers.stream().map(c -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("service", c.service());
            r.put("version", c.version());
            r.put("server", c.server());
            r.put("address", c.address());
            r.put("state", c.state());
            r.put("active_connections", c.activeConnections());
            return r;
        }).toList());
        m.put("listeners", listeners.stream().map(l -> Map.of("protocol", l.protocol(), "address", l.address(),
                "services", l.services())).toList());
        Map<String, Object> cache = null;
        if (dnsCache != null) {
            cache = new LinkedHashMap<>();
            cache.put("entries", dnsCache.entries());
            cache.put("hits", dnsCache.hits());
            cache.put("misses", dnsCache.misses());
            cache.put("stale", dnsCache.stale());
        }
        Map<String, Object> dns = new LinkedHashMap<>();
        dns.put("cache", cache);   // null: no DNS client on this server
        m.put("dns", dns);
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("running", overlayPeers != null);
        overlay.put("peers", overlayPeers == null ? List.of() : overlayPeers.stream().map(p -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", p.name());
            r.put("endpoint", p.endpoint());
            r.put("latest_handshake_seconds_ago", p.handshakeAgoSeconds());
            r.put("rx_bytes", p.rxBytes());
            r.put("tx_bytes", p.txBytes());
            return r;
        }).toList());
        m.put("overlay", overlay);
        return m;
    }

    /** The model from a state document, as a follower reads it. */
    private static final class FollowerRegistryAccess {
        static Config toConfig(StateJson.Parsed parsed, Settings settings, String source) throws IOException {
            try {
                return FollowerRegistry.toConfig(parsed, settings, source);
            } catch (IllegalArgumentException e) {
                throw new IOException("the node's state does not parse: " + e.getMessage(), e);
            }
        }
    }
}
