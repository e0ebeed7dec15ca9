package io.edgeplane.overlay.crypto;

import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HASH, MAC, HMAC and KDF of the WireGuard paper (section 5.4), all over BLAKE2s. Used on the
 * handshake path only, so each call makes its own digest: nothing here is shared between threads.
 */
public final class Blake2s {

    public static final int HASH_SIZE = 32;
    public static final int MAC_SIZE = 16;

    private Blake2s() {
    }

    /** HASH(input...) = BLAKE2s-256 of the concatenation. */
    public static byte[] hash(byte[]... parts) {
        Blake2sDigest d = new Blake2sDigest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[HASH_SIZE];
        d.doFinal(out, 0);
        return out;
    }

    /** MAC(key, input) = keyed BLAKE2s with a 16-byte output (mac1, mac2, cookies). */
    public static byte[] mac(byte[] key, byte[] input, int offset, int length) {
        Blake2sDigest d = new Blake2sDigest(key, MAC_SIZE, null, null);
        d.update(input, offset, length);
        byte[] out = new byte[MAC_SIZE];
        d.doFinal(out, 0);
        return out;
    }

    public static byte[] mac(byte[] key, byte[] input) {
        return mac(key, input, 0, input.length);
    }

    /** HMAC(key, input) = RFC 2104 HMAC over BLAKE2s-256 (block size 64). */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        HMac h = new HMac(new Blake2sDigest(256));
        h.init(new KeyParameter(key));
        for (byte[] p : parts) {
            h.update(p, 0, p.length);
        }
        byte[] out = new byte[HASH_SIZE];
        h.doFinal(out, 0);
        return out;
    }

    /**
     * KDFn(key, input): the HKDF-like chain of the paper, returning n 32-byte outputs.
     * {@code t0 = HMAC(key, input); t1 = HMAC(t0, 0x1); ti = HMAC(t0, t(i-1) || i)}.
     */
    public static byte[][] kdf(int n, byte[] key, byte[] input) {
        byte[] t0 = hmac(key, input);
        byte[][] out = new byte[n][];
        byte[] previous = new byte[0];
        for (int i = 0; i < n; i++) {
            previous = hmac(t0, previous, new byte[] {(byte) (i + 1)});
            out[i] = previous;
        }
        java.util.Arrays.fill(t0, (byte) 0);
        return out;
    }
}
