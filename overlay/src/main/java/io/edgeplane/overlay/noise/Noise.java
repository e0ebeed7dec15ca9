package io.edgeplane.overlay.noise;

import static io.edgeplane.overlay.noise.Messages.*;

import io.edgeplane.overlay.crypto.Aead;
import io.edgeplane.overlay.crypto.Blake2s;
import io.edgeplane.overlay.crypto.Tai64n;
import io.edgeplane.overlay.crypto.X25519;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The four handshake steps of Noise_IKpsk2 (paper 5.4.2-5.4.5, wireguard-go noise-protocol.go)
 * for one device's static identity. Methods return null (or false) when a message must be
 * dropped; they never say why to the network. mac1/mac2 are not touched here: the caller adds
 * them ({@link CookieGenerator}) and checks them ({@link CookieChecker}) first.
 */
public final class Noise {

    private final byte[] staticPrivate;
    private final byte[] staticPublic;
    private final Supplier<byte[]> ephemerals;
    private final Supplier<byte[]> timestamps;

    public Noise(byte[] staticPrivate) {
        this(staticPrivate, X25519::generatePrivateKey, Tai64n::now);
    }

    /** With fixed ephemeral keys and timestamps, for known-answer tests. */
    public Noise(byte[] staticPrivate, Supplier<byte[]> ephemerals, Supplier<byte[]> timestamps) {
        this.staticPrivate = staticPrivate.clone();
        this.staticPublic = X25519.publicKey(staticPrivate);
        this.ephemerals = ephemerals;
        this.timestamps = timestamps;
    }

    public NoisePublicKey publicKey() {
        return new NoisePublicKey(staticPublic);
    }

    public byte[] staticPrivate() {
        return staticPrivate.clone();
    }

    /** Initiator, step 1: a 148-byte initiation with zero macs. */
    public byte[] createInitiation(Handshake hs, int localIndex) {
        synchronized (hs) {
            if (Handshake.isZero(hs.precomputedStaticStatic)) {
                return null;
            }
            try {
                byte[] msg = new byte[INITIATION_SIZE];
                header(msg, INITIATION);
                u32(msg, SENDER_OFFSET, localIndex);
                byte[] hash = Blake2s.hash(Protocol.INITIAL_HASH, hs.remoteStatic.raw());
                byte[] chainKey = Protocol.INITIAL_CHAIN_KEY;
                byte[] ephemeral = ephemerals.get();
                byte[] ephemeralPublic = X25519.publicKey(ephemeral);
                System.arraycopy(ephemeralPublic, 0, msg, 8, 32);
                chainKey = Blake2s.kdf(1, chainKey, ephemeralPublic)[0];
                hash = Blake2s.hash(hash, ephemeralPublic);
                byte[][] ck = Blake2s.kdf(2, chainKey, X25519.sharedSecret(ephemeral, hs.remoteStatic.raw()));
                chainKey = ck[0];
                byte[] encStatic = Aead.current().seal(ck[1], 0, staticPublic, hash);
                System.arraycopy(encStatic, 0, msg, 40, 48);
                hash = Blake2s.hash(hash, encStatic);
                ck = Blake2s.kdf(2, chainKey, hs.precomputedStaticStatic);
                chainKey = ck[0];
                byte[] encTimestamp = Aead.current().seal(ck[1], 0, timestamps.get(), hash);
                System.arraycopy(encTimestamp, 0, msg, 88, 28);
                hash = Blake2s.hash(hash, encTimestamp);
                hs.hash = hash;
                hs.chainKey = chainKey;
                hs.localEphemeral = ephemeral;
                hs.localIndex = localIndex;
                hs.state = Handshake.State.INITIATION_CREATED;
                return msg;
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }

    /**
     * Responder, step 1: authenticates an initiation, finds the peer by the static key inside it
     * and refuses replays (timestamp not newer) and floods (less than 50 ms since the last one).
     * Returns that peer's handshake, now INITIATION_CONSUMED, or null.
     */
    public Handshake consumeInitiation(byte[] msg, long now, Function<NoisePublicKey, Handshake> peers) {
        if (msg.length != INITIATION_SIZE || type(msg) != INITIATION) {
            return null;
        }
        try {
            byte[] ephemeralPublic = slice(msg, 8, 32);
            byte[] hash = Blake2s.hash(Protocol.INITIAL_HASH, staticPublic);
            hash = Blake2s.hash(hash, ephemeralPublic);
            byte[] chainKey = Blake2s.kdf(1, Protocol.INITIAL_CHAIN_KEY, ephemeralPublic)[0];
            byte[][] ck = Blake2s.kdf(2, chainKey, X25519.sharedSecret(staticPrivate, ephemeralPublic));
            chainKey = ck[0];
            byte[] encStatic = slice(msg, 40, 48);
            byte[] peerStatic = Aead.current().open(ck[1], 0, encStatic, hash);
            hash = Blake2s.hash(hash, encStatic);
            Handshake hs = peers.apply(new NoisePublicKey(peerStatic));
            if (hs == null) {
                return null;
            }
            synchronized (hs) {
                if (Handshake.isZero(hs.precomputedStaticStatic)) {
                    return null;
                }
                ck = Blake2s.kdf(2, chainKey, hs.precomputedStaticStatic);
                chainKey = ck[0];
                byte[] encTimestamp = slice(msg, 88, 28);
                byte[] timestamp = Aead.current().open(ck[1], 0, encTimestamp, hash);
                hash = Blake2s.hash(hash, encTimestamp);
                boolean replay = !Tai64n.after(timestamp, hs.lastTimestamp);
                boolean flood = now - hs.lastInitiationConsumption < Protocol.HANDSHAKE_INITIATION_RATE;
                if (replay || flood) {
                    return null;
                }
                hs.hash = hash;
                hs.chainKey = chainKey;
                hs.remoteIndex = u32(msg, SENDER_OFFSET);
                hs.remoteEphemeral = ephemeralPublic;
                hs.lastTimestamp = timestamp;
                hs.lastInitiationConsumption = now;
                hs.state = Handshake.State.INITIATION_CONSUMED;
                return hs;
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Responder, step 2: the 92-byte response with zero macs, or null. */
    public byte[] createResponse(Handshake hs, int localIndex) {
        synchronized (hs) {
            if (hs.state != Handshake.State.INITIATION_CONSUMED) {
                return null;
            }
            try {
                byte[] msg = new byte[RESPONSE_SIZE];
                header(msg, RESPONSE);
                u32(msg, SENDER_OFFSET, localIndex);
                u32(msg, RESPONSE_RECEIVER_OFFSET, hs.remoteIndex);
                byte[] ephemeral = ephemerals.get();
                byte[] ephemeralPublic = X25519.publicKey(ephemeral);
                System.arraycopy(ephemeralPublic, 0, msg, 12, 32);
                byte[] hash = Blake2s.hash(hs.hash, ephemeralPublic);
                byte[] chainKey = Blake2s.kdf(1, hs.chainKey, ephemeralPublic)[0];
                chainKey = Blake2s.kdf(1, chainKey, X25519.sharedSecret(ephemeral, hs.remoteEphemeral))[0];
                chainKey = Blake2s.kdf(1, chainKey, X25519.sharedSecret(ephemeral, hs.remoteStatic.raw()))[0];
                byte[][] ctk = Blake2s.kdf(3, chainKey, hs.presharedKey);
                chainKey = ctk[0];
                hash = Blake2s.hash(hash, ctk[1]);
                byte[] empty = Aead.current().seal(ctk[2], 0, new byte[0], hash);
                System.arraycopy(empty, 0, msg, 44, 16);
                hash = Blake2s.hash(hash, empty);
                hs.hash = hash;
                hs.chainKey = chainKey;
                hs.localEphemeral = ephemeral;
                hs.localIndex = localIndex;
                hs.state = Handshake.State.RESPONSE_CREATED;
                return msg;
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }

    /** Initiator, step 2: authenticates a response to {@code hs}'s pending initiation. */
    public boolean consumeResponse(byte[] msg, Handshake hs) {
        if (msg.length != RESPONSE_SIZE || type(msg) != RESPONSE) {
            return false;
        }
        synchronized (hs) {
            if (hs.state != Handshake.State.INITIATION_CREATED || hs.localIndex != u32(msg, RESPONSE_RECEIVER_OFFSET)) {
                return false;
            }
            try {
                byte[] ephemeralPublic = slice(msg, 12, 32);
                byte[] hash = Blake2s.hash(hs.hash, ephemeralPublic);
                byte[] chainKey = Blake2s.kdf(1, hs.chainKey, ephemeralPublic)[0];
                chainKey = Blake2s.kdf(1, chainKey, X25519.sharedSecret(hs.localEphemeral, ephemeralPublic))[0];
                chainKey = Blake2s.kdf(1, chainKey, X25519.sharedSecret(staticPrivate, ephemeralPublic))[0];
                byte[][] ctk = Blake2s.kdf(3, chainKey, hs.presharedKey);
                chainKey = ctk[0];
                hash = Blake2s.hash(hash, ctk[1]);
                byte[] empty = slice(msg, 44, 16);
                Aead.current().open(ctk[2], 0, empty, hash);
                hash = Blake2s.hash(hash, empty);
                hs.hash = hash;
                hs.chainKey = chainKey;
                hs.remoteIndex = u32(msg, SENDER_OFFSET);
                hs.state = Handshake.State.RESPONSE_CONSUMED;
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /**
     * Derives the transport keypair once the handshake is done on this side (RESPONSE_CONSUMED
     * for the initiator, RESPONSE_CREATED for the responder) and zeroes the handshake state.
     */
    public static Keypair beginSession(Handshake hs, long now) {
        synchronized (hs) {
            boolean initiator;
            if (hs.state == Handshake.State.RESPONSE_CONSUMED) {
                initiator = true;
            } else if (hs.state == Handshake.State.RESPONSE_CREATED) {
                initiator = false;
            } else {
                return null;
            }
            byte[][] keys = Blake2s.kdf(2, hs.chainKey, new byte[0]);
            byte[] send = initiator ? keys[0] : keys[1];
            byte[] receive = initiator ? keys[1] : keys[0];
            Keypair kp = new Keypair(send, receive, now, initiator, hs.localIndex, hs.remoteIndex);
            hs.clear();
            return kp;
        }
    }

    static boolean constantTimeEquals(byte[] a, int offset, byte[] b) {
        return MessageDigest.isEqual(slice(a, offset, b.length), b);
    }

    static byte[] slice(byte[] b, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, offset, out, 0, length);
        return out;
    }
}
