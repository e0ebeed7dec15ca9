package io.edgeplane.overlay.device;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters for metrics and tests; every drop has its reason. */
public final class DeviceStats {

    final LongAdder txPackets = new LongAdder();
    final LongAdder txBytes = new LongAdder();
    final LongAdder rxPackets = new LongAdder();
    final LongAdder rxBytes = new LongAdder();
    final LongAdder keepalivesReceived = new LongAdder();
    final LongAdder handshakesCompleted = new LongAdder();
    final LongAdder initiationsSent = new LongAdder();
    final LongAdder cookieRepliesSent = new LongAdder();
    final LongAdder cookieRepliesConsumed = new LongAdder();
    final LongAdder dropNoRoute = new LongAdder();
    final LongAdder dropUnknownIndex = new LongAdder();
    final LongAdder dropAuthentication = new LongAdder();
    final LongAdder dropReplay = new LongAdder();
    final LongAdder dropExpiredKeypair = new LongAdder();
    final LongAdder dropSourceNotAllowed = new LongAdder();
    final LongAdder dropMalformed = new LongAdder();
    final LongAdder dropHandshake = new LongAdder();
    final LongAdder dropStagedOverflow = new LongAdder();

    /** A snapshot, names in snake case as they appear in metrics. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tx_packets", txPackets.sum());
        m.put("tx_bytes", txBytes.sum());
        m.put("rx_packets", rxPackets.sum());
        m.put("rx_bytes", rxBytes.sum());
        m.put("keepalives_received", keepalivesReceived.sum());
        m.put("handshakes_completed", handshakesCompleted.sum());
        m.put("initiations_sent", initiationsSent.sum());
        m.put("cookie_replies_sent", cookieRepliesSent.sum());
        m.put("cookie_replies_consumed", cookieRepliesConsumed.sum());
        m.put("drop_no_route", dropNoRoute.sum());
        m.put("drop_unknown_index", dropUnknownIndex.sum());
        m.put("drop_authentication", dropAuthentication.sum());
        m.put("drop_replay", dropReplay.sum());
        m.put("drop_expired_keypair", dropExpiredKeypair.sum());
        m.put("drop_source_not_allowed", dropSourceNotAllowed.sum());
        m.put("drop_malformed", dropMalformed.sum());
        m.put("drop_handshake", dropHandshake.sum());
        m.put("drop_staged_overflow", dropStagedOverflow.sum());
        return m;
    }

    /** One counter by its snapshot name, 0 for an unknown name; sums only that one (a scrape reads each). */
    public long get(String name) {
        LongAdder a = switch (name) {
            case "tx_packets" -> txPackets;
            case "tx_bytes" -> txBytes;
            case "rx_packets" -> rxPackets;
            case "rx_bytes" -> rxBytes;
            case "keepalives_received" -> keepalivesReceived;
            case "handshakes_completed" -> handshakesCompleted;
            case "initiations_sent" -> initiationsSent;
            case "cookie_replies_sent" -> cookieRepliesSent;
            case "cookie_replies_consumed" -> cookieRepliesConsumed;
            case "drop_no_route" -> dropNoRoute;
            case "drop_unknown_index" -> dropUnknownIndex;
            case "drop_authentication" -> dropAuthentication;
            case "drop_replay" -> dropReplay;
            case "drop_expired_keypair" -> dropExpiredKeypair;
            case "drop_source_not_allowed" -> dropSourceNotAllowed;
            case "drop_malformed" -> dropMalformed;
            case "drop_handshake" -> dropHandshake;
            case "drop_staged_overflow" -> dropStagedOverflow;
            default -> null;
        };
        return a == null ? 0 : a.sum();
    }
}
