package io.edgeplane.edge.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.overlay.ContainerNet;
import io.edgeplane.overlay.device.Peer;
import io.edgeplane.overlay.ipam.AddressAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/overlay} answers and {@code edge overlay status} prints: this node's
 * interface, its peers with their latest handshake, and the device's counters (every drop with
 * its reason). Bytes are counted per peer as well (IP bytes, tunnel overhead not counted).
 */
public record OverlayReport(String node, String publicKey, int port, String slice, String address,
                            List<PeerLine> peers, Map<String, Long> counters) {

    public OverlayReport {
        peers = List.copyOf(peers);
        counters = Map.copyOf(counters);
    }

    /**
     * One peer: a server of the inventory with a key and a slice.
     *
     * @param handshakeAgoSeconds null when there has been no handshake with that peer
     * @param rxBytes             received from it; null when the node did not report it (an older edge)
     */
    public record PeerLine(String name, String publicKey, String endpoint, String slice, Long handshakeAgoSeconds,
                           Long rxBytes, Long txBytes) {
    }

    static OverlayReport of(ContainerNet net, Config config) {
        Cidr own = net.ownSlice();
        List<PeerLine> peers = new ArrayList<>();
        long now = System.nanoTime(); // the device's clock
        for (Peer p : net.device().peers()) {
            Cidr slice = net.slices().get(p.name());
            long last = p.lastHandshake();
            peers.add(new PeerLine(p.name(), p.key().toString(), p.endpoint() == null ? null
                    : p.endpoint().getAddress().getHostAddress() + ":" + p.endpoint().getPort(),
                    slice == null ? null : slice.toString(), last == 0 ? null : Math.max(0, (now - last) / 1_000_000_000L),
                    p.rxBytes(), p.txBytes()));
        }
        peers.sort(java.util.Comparator.comparing(PeerLine::name));
        return new OverlayReport(config.settings().node().name(), net.publicKey(), config.settings().overlay().port(),
                own == null ? null : own.toString(), own == null ? null : AddressAllocator.gateway(own).getHostAddress(),
                peers, new LinkedHashMap<>(net.stats().snapshot()));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("interface", ContainerNet.TUN_NAME);
        m.put("public_key", publicKey);
        m.put("listen_port", port);
        m.put("slice", slice);
        m.put("address", address);
        List<Map<String, Object>> list = new ArrayList<>();
        for (PeerLine p : peers) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("public_key", p.publicKey());
            pm.put("endpoint", p.endpoint());
            pm.put("slice", p.slice());
            pm.put("latest_handshake_seconds_ago", p.handshakeAgoSeconds());
            pm.put("rx_bytes", p.rxBytes());
            pm.put("tx_bytes", p.txBytes());
            list.add(pm);
        }
        m.put("peers", list);
        // the device's counter order (tx, rx, handshakes, then drops), kept for the table
        m.put("counters", new LinkedHashMap<>(sortedCounters()));
        return m;
    }

    Map<String, Long> sortedCounters() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        for (String k : COUNTER_ORDER) {
            if (counters.containsKey(k)) {
                sorted.put(k, counters.get(k));
            }
        }
        counters.keySet().stream().filter(k -> !sorted.containsKey(k)).sorted().forEach(k -> sorted.put(k, counters.get(k)));
        return sorted;
    }

    private static final List<String> COUNTER_ORDER = List.of("tx_packets", "tx_bytes", "rx_packets", "rx_bytes",
            "keepalives_received", "handshakes_completed", "initiations_sent", "cookie_replies_sent",
            "cookie_replies_consumed");

    /** Reads {@link #toJson()}'s shape back (the CLI's side). */
    public static OverlayReport fromJson(JsonNode root) {
        List<PeerLine> peers = new ArrayList<>();
        for (JsonNode p : root.path("peers")) {
            peers.add(new PeerLine(p.path("name").asText(), text(p, "public_key"), text(p, "endpoint"), text(p, "slice"),
                    number(p, "latest_handshake_seconds_ago"), number(p, "rx_bytes"), number(p, "tx_bytes")));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        root.path("counters").properties().forEach(e -> counters.put(e.getKey(), e.getValue().asLong()));
        return new OverlayReport(text(root, "node"), text(root, "public_key"), root.path("listen_port").asInt(),
                text(root, "slice"), text(root, "address"), peers, counters);
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
