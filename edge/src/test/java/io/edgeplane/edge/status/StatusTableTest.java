package io.edgeplane.edge.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.overlay.OverlayReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code edge status}'s DNS cache and overlay sections, table and JSON. */
class StatusTableTest {

    static StatusReport report(StatusReport.DnsCache dns, List<OverlayReport.PeerLine> peers) {
        return new StatusReport("127.0.0.1:7070", 3, List.of(), List.of(), List.of(), dns, peers);
    }

    @Test
    void showsCacheFiguresAndPeers() {
        StatusReport r = report(new StatusReport.DnsCache(12, 90, 8, 2), List.of(
                new OverlayReport.PeerLine("b", "key-b", "198.18.0.2:6784", "10.44.1.0/24", 5L, 3_500_000L, 1200L),
                new OverlayReport.PeerLine("c", "key-c", null, null, null, 0L, 0L)));
        String table = StatusTable.render(r);
        assertTrue(table.contains("DNS cache  12 entries; hits 90, misses 8, stale 2 (92.0% from the cache)"), table);
        assertTrue(table.contains("OVERLAY PEER  ENDPOINT         LATEST HANDSHAKE  RX       TX\n"), table);
        assertTrue(table.contains("b             198.18.0.2:6784  5 s ago           3.3 MiB  1.2 KiB\n"), table);
        assertTrue(table.contains("c             -                never             0 B      0 B\n"), table);

        Map<String, Object> json = r.toJson();
        assertEquals(Map.of("entries", 12L, "hits", 90L, "misses", 8L, "stale", 2L),
                ((Map<?, ?>) json.get("dns")).get("cache"));
        Map<?, ?> overlay = (Map<?, ?>) json.get("overlay");
        assertEquals(true, overlay.get("running"));
        Map<?, ?> b = (Map<?, ?>) ((List<?>) overlay.get("peers")).getFirst();
        assertEquals(3_500_000L, b.get("rx_bytes"));
        assertEquals(5L, b.get("latest_handshake_seconds_ago"));
    }

    @Test
    void saysWhatThisServerDoesNotRun() {
        StatusReport r = report(null, null);
        String table = StatusTable.render(r);
        assertTrue(table.contains("DNS cache  none (no DNS client on this server)"), table);
        assertTrue(table.contains("Overlay    none (ContainerNet does not run on this server)"), table);
        Map<String, Object> json = r.toJson();
        assertTrue(((Map<?, ?>) json.get("dns")).containsKey("cache"));
        assertEquals(null, ((Map<?, ?>) json.get("dns")).get("cache"));
        assertEquals(false, ((Map<?, ?>) json.get("overlay")).get("running"));
        assertEquals(List.of(), ((Map<?, ?>) json.get("overlay")).get("peers"));
    }

    @Test
    void readsSamplesOfThePrometheusText() {
        MetricSamples m = MetricSamples.parse("""
                # HELP edge_dns_cache_size Answers in the node client's cache
                # TYPE edge_dns_cache_size gauge
                edge_dns_cache_size 4.0
                edge_dns_cache_hits_total 10.0
                edge_dns_forwarded_total{to="central"} 3.0
                x_total{path="a b} c"} 1.0 1700000000000
                garbage
                """);
        assertEquals(new StatusReport.DnsCache(4, 10, 0, 0), StatusReport.DnsCache.of(m));
        assertEquals(3, m.count("edge_dns_forwarded_total{to=\"central\"}"));
        assertEquals(1, m.count("x_total{path=\"a b} c\"}"));
        assertEquals(null, StatusReport.DnsCache.of(MetricSamples.parse("edge_dns_cache_hits_total 1.0\n")));
    }
}
