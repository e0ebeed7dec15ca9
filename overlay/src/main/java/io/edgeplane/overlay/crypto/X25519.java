package io.edgeplane.overlay.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * DH of the paper over the JDK's X25519, with keys as WireGuard writes them: 32 raw bytes,
 * little-endian (RFC 7748). The JDK wants a BigInteger u-coordinate for public keys, so the
 * bytes are reversed and the top bit masked as RFC 7748 section 5 requires.
 */
public final class X25519 {

    public static final int KEY_SIZE = 32;
    private static final byte[] BASE_POINT = new byte[KEY_SIZE];
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {
    }

    /** A new clamped private key, exactly as {@code wg genkey} makes one. */
    public static byte[] generatePrivateKey() {
        byte[] key = new byte[KEY_SIZE];
        RANDOM.nextBytes(key);
        clamp(key);
        return key;
    }

    /** RFC 7748 clamping; the JDK clamps too, but wg writes clamped keys and so do we. */
    public static void clamp(byte[] key) {
        key[0] &= (byte) 248;
        key[31] &= 127;
        key[31] |= 64;
    }

    public static byte[] publicKey(byte[] privateKey) {
        try {
            return sharedSecret(privateKey, BASE_POINT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 with the base point failed", e);
        }
    }

    /**
     * DH(private, public): the 32-byte shared secret. Throws when the result is all zeros (a
     * low-order public key), which WireGuard also refuses.
     */
    public static byte[] sharedSecret(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        if (privateKey.length != KEY_SIZE || publicKey.length != KEY_SIZE) {
            throw new GeneralSecurityException("X25519 keys are 32 bytes");
        }
        KeyFactory kf = KeyFactory.getInstance("XDH");
        var priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone()));
        var pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(publicKey)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(priv);
        ka.doPhase(pub, true);
        byte[] secret = ka.generateSecret();
        int acc = 0;
        for (byte b : secret) {
            acc |= b;
        }
        if (acc == 0) {
            throw new GeneralSecurityException("X25519 result is zero (low-order point)");
        }
        return secret;
    }

    private static BigInteger uCoordinate(byte[] littleEndian) {
        byte[] be = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            be[i] = littleEndian[KEY_SIZE - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }
}
