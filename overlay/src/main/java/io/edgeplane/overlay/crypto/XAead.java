package io.edgeplane.overlay.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * XAEAD of the paper: XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha), used only for cookie
 * replies. The JDK lacks it, but it is HChaCha20 (derive a subkey from the key and the first
 * 16 nonce bytes) followed by ordinary ChaCha20-Poly1305 with nonce {@code 0^4 || nonce[16..24]}.
 */
public final class XAead {

    public static final int NONCE_SIZE = 24;

    private XAead() {
    }

    public static byte[] seal(byte[] key, byte[] nonce24, byte[] plaintext, byte[] ad) throws GeneralSecurityException {
        return run(Cipher.ENCRYPT_MODE, key, nonce24, plaintext, ad);
    }

    public static byte[] open(byte[] key, byte[] nonce24, byte[] ciphertext, byte[] ad) throws GeneralSecurityException {
        return run(Cipher.DECRYPT_MODE, key, nonce24, ciphertext, ad);
    }

    private static byte[] run(int mode, byte[] key, byte[] nonce24, byte[] in, byte[] ad) throws GeneralSecurityException {
        if (nonce24.length != NONCE_SIZE) {
            throw new GeneralSecurityException("XChaCha20 nonce is 24 bytes");
        }
        byte[] subkey = hchacha20(key, nonce24);
        byte[] nonce12 = new byte[12];
        System.arraycopy(nonce24, 16, nonce12, 4, 8);
        return Aead.current().sealWithNonce(subkey, nonce12, in, ad, mode);
    }

    /** HChaCha20(key, nonce[0..16]): 20 ChaCha rounds without the final addition; words 0-3 and 12-15. */
    public static byte[] hchacha20(byte[] key, byte[] nonce) {
        int[] s = new int[16];
        s[0] = 0x61707865;
        s[1] = 0x3320646e;
        s[2] = 0x79622d32;
        s[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            s[4 + i] = le32(key, 4 * i);
        }
        for (int i = 0; i < 4; i++) {
            s[12 + i] = le32(nonce, 4 * i);
        }
        for (int round = 0; round < 10; round++) {
            quarter(s, 0, 4, 8, 12);
            quarter(s, 1, 5, 9, 13);
            quarter(s, 2, 6, 10, 14);
            quarter(s, 3, 7, 11, 15);
            quarter(s, 0, 5, 10, 15);
            quarter(s, 1, 6, 11, 12);
            quarter(s, 2, 7, 8, 13);
            quarter(s, 3, 4, 9, 14);
        }
        byte[] out = new byte[32];
        int[] words = {s[0], s[1], s[2], s[3], s[12], s[13], s[14], s[15]};
        for (int i = 0; i < 8; i++) {
            int w = words[i];
            out[4 * i] = (byte) w;
            out[4 * i + 1] = (byte) (w >>> 8);
            out[4 * i + 2] = (byte) (w >>> 16);
            out[4 * i + 3] = (byte) (w >>> 24);
        }
        return out;
    }

    private static void quarter(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
