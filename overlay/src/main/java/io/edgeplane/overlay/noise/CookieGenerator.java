package io.edgeplane.overlay.noise;

import static io.edgeplane.overlay.noise.Messages.*;

import io.edgeplane.overlay.crypto.Blake2s;
import io.edgeplane.overlay.crypto.XAead;
import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;

/**
 * The initiator's side of mac1/mac2 for one peer: mac1 keyed by the peer's public key, and mac2
 * keyed by the last cookie the peer sent us (for two minutes), which we decrypt from its cookie
 * reply using the mac1 we last sent as associated data.
 */
public final class CookieGenerator {

    private final byte[] mac1Key;
    private final byte[] cookieKey;
    private final LongSupplier clock;
    private byte[] cookie;
    private long cookieSet;
    private byte[] lastMac1;

    public CookieGenerator(NoisePublicKey remoteStatic, LongSupplier clock) {
        this.mac1Key = Blake2s.hash(Protocol.bytes(Protocol.LABEL_MAC1), remoteStatic.raw());
        this.cookieKey = Blake2s.hash(Protocol.bytes(Protocol.LABEL_COOKIE), remoteStatic.raw());
        this.clock = clock;
    }

    /** Fills mac1 and, with a fresh cookie, mac2 of an outgoing initiation or response. */
    public synchronized void addMacs(byte[] msg) {
        int off1 = mac1Offset(msg.length);
        byte[] mac1 = Blake2s.mac(mac1Key, msg, 0, off1);
        System.arraycopy(mac1, 0, msg, off1, 16);
        lastMac1 = mac1;
        int off2 = mac2Offset(msg.length);
        if (cookie == null || clock.getAsLong() - cookieSet > Protocol.COOKIE_REFRESH_TIME) {
            java.util.Arrays.fill(msg, off2, off2 + 16, (byte) 0);
            return;
        }
        System.arraycopy(Blake2s.mac(cookie, msg, 0, off2), 0, msg, off2, 16);
    }

    /** Takes the cookie out of a reply; false when it does not answer our last message. */
    public synchronized boolean consumeReply(byte[] reply) {
        if (reply.length != COOKIE_REPLY_SIZE || type(reply) != COOKIE_REPLY || lastMac1 == null) {
            return false;
        }
        try {
            byte[] nonce = Noise.slice(reply, 8, XAead.NONCE_SIZE);
            cookie = XAead.open(cookieKey, nonce, Noise.slice(reply, 32, 32), lastMac1);
            cookieSet = clock.getAsLong();
            lastMac1 = null;
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
