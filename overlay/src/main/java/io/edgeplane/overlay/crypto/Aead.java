package io.edgeplane.overlay.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD(key, counter, plaintext, ad) of the paper: ChaCha20-Poly1305 (RFC 8439) with the 96-bit
 * nonce {@code 0x00000000 || counter as little-endian u64}.
 *
 * <p>One instance owns one JDK {@link Cipher} and must stay on one thread: {@code getInstance}
 * per packet costs three times the encryption, while {@code init} with a fresh nonce is cheap.
 * The JDK refuses to encrypt twice under one key and nonce; WireGuard never does, since every
 * counter is used once.
 */
public final class Aead {

    public static final int TAG_SIZE = 16;
    private static final ThreadLocal<Aead> PER_THREAD = ThreadLocal.withInitial(Aead::new);

    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private byte[] scratch = new byte[2048];

    public Aead() {
        try {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ChaCha20-Poly1305", e);
        }
    }

    /** The calling thread's instance, for paths that do not keep their own. */
    public static Aead current() {
        return PER_THREAD.get();
    }

    public static SecretKeySpec key(byte[] raw) {
        return new SecretKeySpec(raw, "ChaCha20");
    }

    /**
     * Encrypts {@code in}'s remaining bytes into {@code out}, appending the tag; returns bytes written.
     * The JDK's ByteBuffer path allocates a packet-sized array per call; this goes through one
     * array kept per instance instead (the same copies, no garbage).
     */
    public int seal(SecretKeySpec key, long counter, ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        init(Cipher.ENCRYPT_MODE, key, counter);
        return crypt(in, out, in.remaining() + TAG_SIZE);
    }

    /** Decrypts and authenticates {@code in}'s remaining bytes into {@code out}; throws AEADBadTagException on forgery. */
    public int open(SecretKeySpec key, long counter, ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        init(Cipher.DECRYPT_MODE, key, counter);
        return crypt(in, out, in.remaining());
    }

    private int crypt(ByteBuffer in, ByteBuffer out, int room) throws GeneralSecurityException {
        int len = in.remaining();
        if (scratch.length < room) {
            scratch = new byte[Math.max(room, 2 * scratch.length)];
        }
        in.get(in.position(), scratch, 0, len);
        int n;
        try {
            n = cipher.doFinal(scratch, 0, len, scratch, 0);
        } catch (ShortBufferException e) {
            throw new GeneralSecurityException(e);
        }
        if (out.remaining() < n) {
            throw new GeneralSecurityException(new ShortBufferException("need " + n + " bytes"));
        }
        in.position(in.limit());
        out.put(scratch, 0, n);
        return n;
    }

    public byte[] seal(byte[] key, long counter, byte[] plaintext, byte[] ad) throws GeneralSecurityException {
        init(Cipher.ENCRYPT_MODE, key(key), counter);
        if (ad != null) {
            cipher.updateAAD(ad);
        }
        return cipher.doFinal(plaintext);
    }

    public byte[] open(byte[] key, long counter, byte[] ciphertext, byte[] ad) throws GeneralSecurityException {
        return open(key(key), counter, ciphertext, 0, ciphertext.length, ad);
    }

    public byte[] open(SecretKeySpec key, long counter, byte[] ciphertext, int offset, int length, byte[] ad)
            throws GeneralSecurityException {
        init(Cipher.DECRYPT_MODE, key, counter);
        if (ad != null) {
            cipher.updateAAD(ad);
        }
        return cipher.doFinal(ciphertext, offset, length);
    }

    /** AEAD with an explicit 96-bit nonce, for XAEAD and the RFC 8439 vectors. */
    byte[] sealWithNonce(byte[] key, byte[] nonce12, byte[] plaintext, byte[] ad, int mode) throws GeneralSecurityException {
        cipher.init(mode, key(key), new IvParameterSpec(nonce12));
        if (ad != null) {
            cipher.updateAAD(ad);
        }
        return cipher.doFinal(plaintext);
    }

    private void init(int mode, SecretKeySpec key, long counter) throws GeneralSecurityException {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(nonce));
    }
}
