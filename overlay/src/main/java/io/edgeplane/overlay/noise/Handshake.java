package io.edgeplane.overlay.noise;

import io.edgeplane.overlay.crypto.X25519;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * One peer's handshake state (wireguard-go's Handshake): the running hash and chaining key, the
 * ephemeral keys, the indices and what protects against replay (the last TAI64N seen) and flood
 * (when the last initiation was consumed). Every access holds the object's monitor.
 */
public final class Handshake {

    enum State { ZEROED, INITIATION_CREATED, INITIATION_CONSUMED, RESPONSE_CREATED, RESPONSE_CONSUMED }

    final NoisePublicKey remoteStatic;
    final byte[] precomputedStaticStatic;
    byte[] presharedKey;

    State state = State.ZEROED;
    byte[] hash;
    byte[] chainKey;
    byte[] localEphemeral;
    byte[] remoteEphemeral;
    int localIndex;
    int remoteIndex;
    byte[] lastTimestamp = new byte[12];
    long lastInitiationConsumption = Long.MIN_VALUE / 2;

    /**
     * @param localPrivate this device's static private key
     * @param remoteStatic the peer's static public key
     * @param presharedKey 32 bytes, all zero when there is none (as WireGuard does)
     */
    public Handshake(byte[] localPrivate, NoisePublicKey remoteStatic, byte[] presharedKey) {
        this.remoteStatic = remoteStatic;
        this.presharedKey = presharedKey == null ? new byte[32] : presharedKey.clone();
        byte[] ss;
        try {
            ss = X25519.sharedSecret(localPrivate, remoteStatic.raw());
        } catch (GeneralSecurityException e) {
            ss = new byte[32];
        }
        this.precomputedStaticStatic = ss;
    }

    public NoisePublicKey remoteStatic() {
        return remoteStatic;
    }

    public synchronized void presharedKey(byte[] psk) {
        this.presharedKey = psk == null ? new byte[32] : psk.clone();
    }

    public synchronized int localIndex() {
        return localIndex;
    }

    public synchronized boolean idle() {
        return state == State.ZEROED;
    }

    /** Forgets the half-done handshake (keeps the replay and flood marks). */
    public synchronized void clear() {
        zero(hash);
        zero(chainKey);
        zero(localEphemeral);
        hash = null;
        chainKey = null;
        localEphemeral = null;
        remoteEphemeral = null;
        state = State.ZEROED;
    }

    static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
