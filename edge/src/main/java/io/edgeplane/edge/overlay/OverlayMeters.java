package io.edgeplane.edge.overlay;

import io.edgeplane.overlay.device.Peer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The overlay's meters ({@code edge.overlay.*}), read from the device's counters when scraped, so
 * the packet path pays nothing for them. Per-peer meters follow the inventory: {@link #peers} is
 * called after each snapshot and adds the new peers' meters and removes the gone ones', which
 * keeps the {@code peer} tag bounded by the servers of the registry.
 */
final class OverlayMeters {

    /** One peer's counters as the meters read them: the device's {@link Peer}, or a stand-in in tests. */
    record PeerSource(String name, Object identity, LongSupplier rxBytes, LongSupplier txBytes, LongSupplier handshakes) {

        static PeerSource of(Peer p) {
            return new PeerSource(p.name(), p, p::rxBytes, p::txBytes, p::handshakes);
        }
    }

    /** Device counter name (as in {@code DeviceStats.snapshot()}) to the {@code reason} tag of edge.overlay.drops. */
    private static final Map<String, String> DROPS = Map.of(
            "drop_no_route", "no_route", "drop_unknown_index", "unknown_index",
            "drop_authentication", "authentication", "drop_replay", "replay",
            "drop_expired_keypair", "expired_keypair", "drop_source_not_allowed", "source_not_allowed",
            "drop_malformed", "malformed", "drop_handshake", "handshake",
            "drop_staged_overflow", "staged_overflow");

    /** {@code source} is kept here because the meters hold it only weakly. */
    private record Registered(PeerSource source, List<Meter> meters) {
    }

    private final MeterRegistry meters;
    // guarded by this
    private final Map<String, Registered> byPeer = new HashMap<>();

    /**
     * Registers the device-wide meters.
     *
     * @param device a device counter by its snapshot name, 0 while the device is not open
     * @param peers  how many peers the device has
     */
    OverlayMeters(MeterRegistry meters, ToLongFunction<String> device, IntSupplier peers) {
        this.meters = meters;
        Gauge.builder("edge.overlay.peers", peers, IntSupplier::getAsInt).description("Overlay peers (other servers)")
                .strongReference(true).register(meters);
        deviceCounter("edge.overlay.packets", "IP packets through the overlay: rx from peers, tx to peers", device,
                "rx_packets", "direction", "rx");
        deviceCounter("edge.overlay.packets", "IP packets through the overlay: rx from peers, tx to peers", device,
                "tx_packets", "direction", "tx");
        deviceCounter("edge.overlay.handshake.initiations", "Handshake initiations sent", device, "initiations_sent");
        deviceCounter("edge.overlay.cookie.replies", "Cookie replies (handshakes under load): sent, or received and consumed",
                device, "cookie_replies_sent", "direction", "sent");
        deviceCounter("edge.overlay.cookie.replies", "Cookie replies (handshakes under load): sent, or received and consumed",
                device, "cookie_replies_consumed", "direction", "received");
        deviceCounter("edge.overlay.keepalives.received", "Keepalives received from peers", device, "keepalives_received");
        DROPS.forEach((counter, reason) -> deviceCounter("edge.overlay.drops",
                "Packets and handshake messages dropped, by reason", device, counter, "reason", reason));
    }

    private void deviceCounter(String name, String description, ToLongFunction<String> device, String counter,
                               String... tags) {
        // A function counter holds its object weakly: this lives as long as the agent, the lambda with the meter.
        FunctionCounter.builder(name, this, m -> device.applyAsLong(counter)).description(description).tags(tags)
                .register(meters);
    }

    /** Makes the per-peer meters those of {@code current}: a peer re-created (new key) starts again from 0. */
    synchronized void peers(List<PeerSource> current) {
        Set<String> seen = new HashSet<>();
        for (PeerSource p : current) {
            seen.add(p.name());
            Registered had = byPeer.get(p.name());
            if (had != null && had.source().identity() == p.identity()) {
                continue;
            }
            if (had != null) {
                had.meters().forEach(meters::remove);
            }
            List<Meter> registered = new ArrayList<>();
            registered.add(bytes(p, "rx", PeerSource::rxBytes));
            registered.add(bytes(p, "tx", PeerSource::txBytes));
            registered.add(FunctionCounter.builder("edge.overlay.handshakes", p, s -> s.handshakes().getAsLong())
                    .description("Handshakes completed with a peer").tag("peer", p.name()).register(meters));
            byPeer.put(p.name(), new Registered(p, registered));
        }
        byPeer.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters().forEach(meters::remove);
            return true;
        });
    }

    private Meter bytes(PeerSource p, String direction, java.util.function.Function<PeerSource, LongSupplier> which) {
        return FunctionCounter.builder("edge.overlay.bytes", p, s -> which.apply(s).getAsLong())
                .description("IP bytes through the overlay, by peer: rx from it, tx to it (tunnel overhead not counted)")
                .tag("direction", direction).tag("peer", p.name()).register(meters);
    }

    /** Removes every meter of this overlay's peers (at stop). */
    synchronized void close() {
        peers(List.of());
    }
}
