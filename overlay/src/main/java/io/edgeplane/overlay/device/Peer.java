package io.edgeplane.overlay.device;

import io.edgeplane.overlay.noise.CookieGenerator;
import io.edgeplane.overlay.noise.Handshake;
import io.edgeplane.overlay.noise.Keypairs;
import io.edgeplane.overlay.noise.NoisePublicKey;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * One remote WireGuard peer: its handshake, sessions, cookie state, endpoint, packets waiting
 * for a session, and timer deadlines. Lives as long as the registry lists the server; a new
 * snapshot updates it in place so sessions survive configuration changes.
 */
public final class Peer {

    /** wireguard-go's QueueStagedSize: packets kept while a handshake is under way. */
    static final int STAGED_PACKETS = 128;

    final String name;
    final NoisePublicKey key;
    final Handshake handshake;
    final Keypairs keypairs = new Keypairs();
    final CookieGenerator cookies;
    final ArrayBlockingQueue<byte[]> staged = new ArrayBlockingQueue<>(STAGED_PACKETS);
    final Timers.Deadlines timers = new Timers.Deadlines();
    final Object handshakeSend = new Object();

    volatile InetSocketAddress endpoint;
    volatile boolean removed;

    // Per-peer traffic for metrics and status, beside the device's totals. Adders: several UDP
    // readers may receive for the same peer at once; one uncontended add per packet.
    final LongAdder rxBytes = new LongAdder();
    final LongAdder txBytes = new LongAdder();
    final LongAdder handshakesCompleted = new LongAdder();

    // guarded by handshakeSend
    long lastSentHandshake = Long.MIN_VALUE / 2;
    int handshakeAttempts;
    volatile long lastHandshakeCompleted;
    volatile boolean sentLastMinuteHandshake;

    Peer(String name, NoisePublicKey key, byte[] localPrivate, byte[] psk, InetSocketAddress endpoint,
         java.util.function.LongSupplier clock) {
        this.name = name;
        this.key = key;
        this.handshake = new Handshake(localPrivate, key, psk);
        this.cookies = new CookieGenerator(key, clock);
        this.endpoint = endpoint;
    }

    public String name() {
        return name;
    }

    public NoisePublicKey key() {
        return key;
    }

    public InetSocketAddress endpoint() {
        return endpoint;
    }

    /** Nanos (device clock) of the last completed handshake, 0 when none. */
    public long lastHandshake() {
        return lastHandshakeCompleted;
    }

    /** IP bytes received from this peer and written to the TUN (padding and headers not counted). */
    public long rxBytes() {
        return rxBytes.sum();
    }

    /** IP bytes read from the TUN and sent to this peer (padding and headers not counted). */
    public long txBytes() {
        return txBytes.sum();
    }

    /** Handshakes completed with this peer, as initiator or responder. */
    public long handshakes() {
        return handshakesCompleted.sum();
    }

    @Override
    public String toString() {
        return name + " (" + key + ")";
    }
}
