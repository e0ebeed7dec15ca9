package io.edgeplane.overlay.noise;

import static io.edgeplane.overlay.noise.Messages.*;

import io.edgeplane.overlay.crypto.Blake2s;
import io.edgeplane.overlay.crypto.XAead;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The responder's side of mac1/mac2 (paper 5.3, 5.4.7): every handshake message must carry
 * mac1 keyed by our public key; under load it must also carry mac2, keyed by a cookie bound to
 * the sender's address, which we hand out in an encrypted cookie reply. The secret behind
 * cookies changes every two minutes.
 */
public final class CookieChecker {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] mac1Key;
    private final byte[] cookieKey;
    private final java.util.function.LongSupplier clock;
    private byte[] secret = new byte[32];
    private long secretSet = Long.MIN_VALUE / 2;

    public CookieChecker(NoisePublicKey localStatic, java.util.function.LongSupplier clock) {
        this.mac1Key = Blake2s.hash(Protocol.bytes(Protocol.LABEL_MAC1), localStatic.raw());
        this.cookieKey = Blake2s.hash(Protocol.bytes(Protocol.LABEL_COOKIE), localStatic.raw());
        this.clock = clock;
    }

    /** mac1 = MAC(HASH(LABEL_MAC1 || Spub_responder), msg up to mac1). */
    public boolean checkMac1(byte[] msg) {
        int off = mac1Offset(msg.length);
        byte[] mac = Blake2s.mac(mac1Key, msg, 0, off);
        return Noise.constantTimeEquals(msg, off, mac);
    }

    /** mac2 = MAC(cookie, msg up to mac2), with the cookie we would give {@code source} now. */
    public synchronized boolean checkMac2(byte[] msg, byte[] source) {
        if (clock.getAsLong() - secretSet > Protocol.COOKIE_REFRESH_TIME) {
            return false;
        }
        byte[] cookie = Blake2s.mac(secret, source);
        int off = mac2Offset(msg.length);
        return Noise.constantTimeEquals(msg, off, Blake2s.mac(cookie, msg, 0, off));
    }

    /** The 64-byte cookie reply to a handshake message from {@code source}: type 3. */
    public synchronized byte[] createReply(byte[] msg, int receiverIndex, byte[] source) throws GeneralSecurityException {
        long now = clock.getAsLong();
        if (now - secretSet > Protocol.COOKIE_REFRESH_TIME) {
            RANDOM.nextBytes(secret);
            secretSet = now;
        }
        byte[] cookie = Blake2s.mac(secret, source);
        byte[] reply = new byte[COOKIE_REPLY_SIZE];
        header(reply, COOKIE_REPLY);
        u32(reply, RECEIVER_OFFSET, receiverIndex);
        byte[] nonce = new byte[XAead.NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, reply, 8, nonce.length);
        int off = mac1Offset(msg.length);
        byte[] sealed = XAead.seal(cookieKey, nonce, cookie, Noise.slice(msg, off, 16));
        System.arraycopy(sealed, 0, reply, 32, sealed.length);
        return reply;
    }
}
