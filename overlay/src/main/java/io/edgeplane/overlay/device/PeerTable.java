package io.edgeplane.overlay.device;

import java.util.List;

/** The whole set of peers a device should have; {@link Device#apply} turns it into live peers. */
public record PeerTable(List<PeerSpec> peers) {

    public static final PeerTable EMPTY = new PeerTable(List.of());

    public PeerTable {
        peers = List.copyOf(peers);
    }
}
