package io.edgeplane.edge.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code edge overlay status} as a table, like {@code wg show}: the interface, one row per peer, counters. */
public final class OverlayStatusTable {

    private OverlayStatusTable() {
    }

    public static String render(OverlayReport r) {
        StringBuilder out = new StringBuilder();
        out.append("interface cnet0 of ").append(r.node()).append(": address ").append(or(r.address(), "none yet"))
                .append(", slice ").append(or(r.slice(), "none yet")).append(", port ").append(r.port()).append('\n');
        out.append("public key ").append(r.publicKey()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PEER", "ENDPOINT", "SLICE", "LATEST HANDSHAKE", "TRANSFER", "PUBLIC KEY"});
        for (OverlayReport.PeerLine p : r.peers()) {
            rows.add(new String[] {p.name(), or(p.endpoint(), "-"), or(p.slice(), "-"), ago(p.handshakeAgoSeconds()),
                    transfer(p), p.publicKey()});
        }
        if (r.peers().isEmpty()) {
            out.append("no peers (no other server of the inventory has an overlay_key and a slice)\n");
        } else {
            out.append(columns(rows));
        }
        Map<String, Long> c = r.sortedCounters();
        out.append('\n').append(String.format("traffic  tx %d packets (%s), rx %d packets (%s), handshakes completed %d%n",
                c.getOrDefault("tx_packets", 0L), bytes(c.getOrDefault("tx_bytes", 0L)),
                c.getOrDefault("rx_packets", 0L), bytes(c.getOrDefault("rx_bytes", 0L)),
                c.getOrDefault("handshakes_completed", 0L)));
        List<String> drops = new ArrayList<>();
        c.forEach((k, v) -> {
            if (k.startsWith("drop_") && v > 0) {
                drops.add(k.substring(5).replace('_', ' ') + " " + v);
            }
        });
        out.append("drops    ").append(drops.isEmpty() ? "none" : String.join(", ", drops)).append('\n');
        return out.toString();
    }

    /** {@code rx 1.2 MiB, tx 300 B} as {@code wg show} puts it; "-" when not reported. */
    public static String transfer(OverlayReport.PeerLine p) {
        return p.rxBytes() == null || p.txBytes() == null ? "-"
                : "rx " + bytes(p.rxBytes()) + ", tx " + bytes(p.txBytes());
    }

    /** {@code 12 s ago}, {@code 3 min ago}, {@code never}. */
    public static String ago(Long seconds) {
        if (seconds == null) {
            return "never";
        }
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    /** Binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }

    private static String columns(List<String[]> rows) {
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
