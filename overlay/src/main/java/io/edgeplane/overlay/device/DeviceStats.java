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

    /** Every counter by its name in snake case, as metrics show it, in the order snapshots list them. */
    private final Map<String, LongAdder> byName = byName();

    private Map<String, LongAdder> byName() {
        Map<String, LongAdder> m = new LinkedHashMap<>();
        m.put("tx_packets", txPackets);
        m.put("tx_bytes", txBytes);
        m.put("rx_packets", rxPackets);
        m.put("rx_bytes", rxBytes);
        m.put("keepalives_received", keepalivesReceived);
        m.put("handshakes_completed", handshakesCompleted);
        m.put("initiations_sent", initiationsSent);
        m.put("cookie_replies_sent", cookieRepliesSent);
        m.put("cookie_replies_consumed", cookieRepliesConsumed);
        m.put("drop_no_route", dropNoRoute);
        m.put("drop_unknown_index", dropUnknownIndex);
        m.put("drop_authentication", dropAuthentication);
        m.put("drop_replay", dropReplay);
        m.put("drop_expired_keypair", dropExpiredKeypair);
        m.put("drop_source_not_allowed", dropSourceNotAllowed);
        m.put("drop_malformed", dropMalformed);
        m.put("drop_handshake", dropHandshake);
        m.put("drop_staged_overflow", dropStagedOverflow);
        return m;
    }

    /** A snapshot, names in snake case as they appear in metrics. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        byName.forEach((name, adder) -> m.put(name, adder.sum()));
        return m;
    }

    /** One counter by its snapshot name, 0 for an unknown name; sums only that one (a scrape reads each). */
    public long get(String name) {
        LongAdder a = byName.get(name);
        return a == null ? 0 : a.sum();
    }
}
