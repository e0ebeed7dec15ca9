package io.edgeplane.edge.status;

import io.edgeplane.edge.overlay.OverlayReport;
import io.edgeplane.edge.overlay.OverlayStatusTable;
import java.util.ArrayList;
import java.util.List;

/** {@code edge status} for people: aligned columns, one section per kind of thing. */
public final class StatusTable {

    private StatusTable() {
    }

    public static String render(StatusReport r) {
        StringBuilder out = new StringBuilder();
        out.append("edge at ").append(r.control()).append(", revision ").append(r.revision()).append("\n\n");
        List<List<String>> services = new ArrayList<>();
        services.add(List.of("SERVICE", "VERSION", "DEPLOYED", "CONTAINERS", "PORTS"));
        for (StatusReport.ServiceRow s : r.services()) {
            services.add(List.of(s.name(), s.currentVersion() == 0 ? "none ready" : Integer.toString(s.currentVersion()),
                    s.versions().isEmpty() ? "-" : String.join(",", s.versions().stream().map(String::valueOf).toList()),
                    Integer.toString(s.containers()), s.ports()));
        }
        columns(out, services);
        out.append('\n');
        List<List<String>> containers = new ArrayList<>();
        containers.add(List.of("CONTAINER", "SERVICE", "VERSION", "SERVER", "ADDRESS", "STATE", "CONNECTIONS"));
        for (StatusReport.ContainerRow c : r.containers()) {
            containers.add(List.of(c.id(), c.service(), Integer.toString(c.version()), c.server(), c.address(), c.state(),
                    Long.toString(c.activeConnections())));
        }
        columns(out, containers);
        out.append('\n');
        List<List<String>> listeners = new ArrayList<>();
        listeners.add(List.of("LISTENER", "ADDRESS", "SERVICES"));
        for (StatusReport.ListenerRow l : r.listeners()) {
            listeners.add(List.of(l.protocol(), l.address(), String.join(", ", l.services())));
        }
        columns(out, listeners);
        out.append('\n');
        StatusReport.DnsCache dns = r.dnsCache();
        out.append("DNS cache  ").append(dns == null ? "none (no DNS client on this server)"
                : dns.entries() + " entries; hits " + dns.hits() + ", misses " + dns.misses() + ", stale "
                + dns.stale() + hitRatio(dns)).append('\n');
        out.append('\n');
        if (r.overlayPeers() == null) {
            out.append("Overlay    none (ContainerNet does not run on this server)\n");
        } else if (r.overlayPeers().isEmpty()) {
            out.append("Overlay    no peers (no other server of the inventory has an overlay_key and a slice)\n");
        } else {
            List<List<String>> peers = new ArrayList<>();
            peers.add(List.of("OVERLAY PEER", "ENDPOINT", "LATEST HANDSHAKE", "RX", "TX"));
            for (OverlayReport.PeerLine p : r.overlayPeers()) {
                peers.add(List.of(p.name(), p.endpoint() == null ? "-" : p.endpoint(),
                        OverlayStatusTable.ago(p.handshakeAgoSeconds()), bytes(p.rxBytes()), bytes(p.txBytes())));
            }
            columns(out, peers);
        }
        return out.toString();
    }

    private static String hitRatio(StatusReport.DnsCache dns) {
        long asked = dns.hits() + dns.misses() + dns.stale();
        return asked == 0 ? "" : String.format(" (%.1f%% from the cache)", 100.0 * (dns.hits() + dns.stale()) / asked);
    }

    private static String bytes(Long n) {
        return n == null ? "-" : OverlayStatusTable.bytes(n);
    }

    private static void columns(StringBuilder out, List<List<String>> rows) {
        int n = rows.getFirst().size();
        int[] width = new int[n];
        for (List<String> row : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(row.get(i));
                if (i < n - 1) {
                    line.append(" ".repeat(width[i] - row.get(i).length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
