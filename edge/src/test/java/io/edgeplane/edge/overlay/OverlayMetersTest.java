package io.edgeplane.edge.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.metrics.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The overlay's meters over stand-in counters: no TUN, no root. */
class OverlayMetersTest {

    final MeterRegistry registry = new SimpleMeterRegistry();
    final Map<String, Long> device = new ConcurrentHashMap<>();
    final AtomicLong rxB = new AtomicLong();
    final AtomicLong txB = new AtomicLong();
    final AtomicLong handshakesB = new AtomicLong();

    OverlayMeters meters = new OverlayMeters(registry, name -> device.getOrDefault(name, 0L), () -> 2);

    OverlayMeters.PeerSource peer(String name, Object identity) {
        return new OverlayMeters.PeerSource(name, identity, rxB::get, txB::get, handshakesB::get);
    }

    double count(String name, String... tags) {
        FunctionCounter c = registry.find(name).tags(tags).functionCounter();
        return c == null ? Double.NaN : c.count();
    }

    @Test
    void deviceCountersAreReadWhenScraped() {
        device.put("rx_packets", 5L);
        device.put("tx_packets", 7L);
        device.put("drop_replay", 1L);
        device.put("cookie_replies_sent", 3L);
        assertEquals(5, count("edge.overlay.packets", "direction", "rx"));
        assertEquals(7, count("edge.overlay.packets", "direction", "tx"));
        assertEquals(1, count("edge.overlay.drops", "reason", "replay"));
        assertEquals(0, count("edge.overlay.drops", "reason", "authentication"));
        assertEquals(3, count("edge.overlay.cookie.replies", "direction", "sent"));
        assertEquals(2, registry.find("edge.overlay.peers").gauge().value());
        device.put("rx_packets", 6L);
        assertEquals(6, count("edge.overlay.packets", "direction", "rx"), "read again at each scrape");
    }

    @Test
    void peerMetersFollowTheInventory() {
        Object first = new Object();
        meters.peers(List.of(peer("b", first)));
        rxB.set(1400);
        txB.set(700);
        handshakesB.set(1);
        assertEquals(1400, count("edge.overlay.bytes", "direction", "rx", "peer", "b"));
        assertEquals(700, count("edge.overlay.bytes", "direction", "tx", "peer", "b"));
        assertEquals(1, count("edge.overlay.handshakes", "peer", "b"));

        // The same peer again: its meters stay (no duplicate registration).
        meters.peers(List.of(peer("b", first), peer("c", new Object())));
        assertEquals(1, registry.find("edge.overlay.handshakes").tags("peer", "b").meters().size());
        assertEquals(2, registry.find("edge.overlay.handshakes").meters().size());

        // A server gone from the inventory takes its meters with it.
        meters.peers(List.of(peer("c", new Object())));
        assertNull(registry.find("edge.overlay.bytes").tags("peer", "b").functionCounter());
        assertEquals(2, registry.find("edge.overlay.bytes").tags("peer", "c").meters().size());

        meters.close();
        assertNull(registry.find("edge.overlay.bytes").functionCounter());
    }

    @Test
    void prometheusNamesAsDocumented() {
        try (NodeMetrics node = new NodeMetrics()) {
            OverlayMeters m = new OverlayMeters(node.meters(), name -> name.equals("drop_handshake") ? 4 : 0, () -> 1);
            m.peers(List.of(peer("b", new Object())));
            rxB.set(1400);
            String text = node.scrape();
            for (String line : List.of("edge_overlay_bytes_total{direction=\"rx\",peer=\"b\"} 1400.0",
                    "edge_overlay_bytes_total{direction=\"tx\",peer=\"b\"} 0.0",
                    "edge_overlay_handshakes_total{peer=\"b\"} 0.0", "edge_overlay_peers 1.0",
                    "edge_overlay_drops_total{reason=\"handshake\"} 4.0",
                    "edge_overlay_packets_total{direction=\"rx\"} 0.0",
                    "edge_overlay_handshake_initiations_total 0.0",
                    "edge_overlay_cookie_replies_total{direction=\"received\"} 0.0",
                    "edge_overlay_keepalives_received_total 0.0")) {
                assertTrue(text.contains(line + "\n"), () -> line + " not in\n" + text);
            }
        }
    }
}
