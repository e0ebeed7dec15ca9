package io.edgeplane.overlay.device;

import io.edgeplane.overlay.noise.Keypair;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our random 32-bit session indices (the receiver field of responses, cookie replies and data)
 * to the peer and either the handshake in flight or the keypair they name.
 */
final class IndexTable {

    record Entry(Peer peer, Keypair keypair) {
    }

    private final ConcurrentHashMap<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A fresh index for a handshake of {@code peer}. */
    int newIndex(Peer peer) {
        Entry handshake = new Entry(peer, null);
        while (true) {
            int index = random.nextInt();
            if (entries.putIfAbsent(index, handshake) == null) {
                return index;
            }
        }
    }

    Entry get(int index) {
        return entries.get(index);
    }

    /** The handshake behind {@code index} became {@code keypair}. */
    void swapToKeypair(int index, Keypair keypair) {
        entries.computeIfPresent(index, (i, e) -> new Entry(e.peer(), keypair));
    }

    void remove(int index) {
        entries.remove(index);
    }

    /** Removes the index only while it still names a handshake (not a keypair made from it). */
    void removeHandshake(int index) {
        entries.computeIfPresent(index, (i, e) -> e.keypair() == null ? null : e);
    }

    int size() {
        return entries.size();
    }
}
