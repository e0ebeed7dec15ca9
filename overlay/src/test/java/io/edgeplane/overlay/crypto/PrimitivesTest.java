package io.edgeplane.overlay.crypto;

import static io.edgeplane.overlay.crypto.Hex.bytes;
import static io.edgeplane.overlay.crypto.Hex.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** Known answers: RFC 7693 (BLAKE2s), RFC 7748 (X25519), RFC 8439 (ChaCha20-Poly1305), the XChaCha draft. */
class PrimitivesTest {

    private static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip"
            + " for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_80 = bytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] AD = bytes("50515253c0c1c2c3c4c5c6c7");

    @Test
    void blake2sHashMatchesRfc7693() {
        assertEquals("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982",
                hex(Blake2s.hash("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(hex(Blake2s.hash("abc".getBytes(StandardCharsets.US_ASCII))),
                hex(Blake2s.hash("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void keyedBlake2sMacMatchesReference() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        // 16-byte keyed output, as hashlib.blake2s(b"WireGuard", key=0..31, digest_size=16)
        assertEquals("c44bc1a201f2ff374d10eda15244ad8a", hex(Blake2s.mac(key, "WireGuard".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void hmacAndKdfMatchReference() {
        assertEquals("f93215bb90d4af4c3061cd932fb169fb8bb8a91d0b4022baea1271e1323cd9a0",
                hex(Blake2s.hmac("key".getBytes(StandardCharsets.US_ASCII),
                        "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII))));
        byte[][] out = Blake2s.kdf(3, new byte[32], "input".getBytes(StandardCharsets.US_ASCII));
        assertEquals("fbff6119f265251560576e82518f61aeb420cff55b5dcf649475b758a01f3951", hex(out[0]));
        assertEquals("a534dd2f7d3e7e614508dba7c675d5cf1008b383670cd8fd46231aa38bbfb618", hex(out[1]));
        assertEquals("618328297d2af9af1df2c2ef6bba1ab41ddfb8e0fd0ee8bdb7ef237790eba011", hex(out[2]));
        assertEquals(hex(out[0]), hex(Blake2s.kdf(1, new byte[32], "input".getBytes(StandardCharsets.US_ASCII))[0]));
    }

    @Test
    void x25519MatchesRfc7748() throws GeneralSecurityException {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                hex(X25519.sharedSecret(bytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        bytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        // the u-coordinate's top bit is set here: RFC 7748 says mask it
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                hex(X25519.sharedSecret(bytes("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        bytes("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
        byte[] alice = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex(X25519.publicKey(alice)));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex(X25519.publicKey(bob)));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                hex(X25519.sharedSecret(alice, X25519.publicKey(bob))));
        assertThrows(GeneralSecurityException.class, () -> X25519.sharedSecret(alice, new byte[32]), "low-order point");
    }

    @Test
    void generatedKeysAreClamped() {
        byte[] k = X25519.generatePrivateKey();
        assertEquals(0, k[0] & 7);
        assertEquals(0x40, k[31] & 0xc0);
    }

    @Test
    void chacha20Poly1305MatchesRfc8439() throws GeneralSecurityException {
        byte[] expected = bytes("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4de"
                + "f08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691");
        Aead aead = new Aead();
        assertArrayEquals(expected, aead.sealWithNonce(KEY_80, bytes("070000004041424344454647"), SUNSCREEN, AD,
                javax.crypto.Cipher.ENCRYPT_MODE));
        // the WireGuard nonce layout: 4 zero bytes then the counter little-endian
        byte[] sealed = aead.seal(KEY_80, 0x0102030405060708L, SUNSCREEN, AD);
        // a second Cipher: the JDK refuses one Cipher encrypting twice under one key and nonce
        assertArrayEquals(sealed, new Aead().sealWithNonce(KEY_80, bytes("000000000807060504030201"), SUNSCREEN, AD,
                javax.crypto.Cipher.ENCRYPT_MODE));
        assertArrayEquals(SUNSCREEN, aead.open(KEY_80, 0x0102030405060708L, sealed, AD));
        sealed[3] ^= 1;
        assertThrows(AEADBadTagException.class, () -> aead.open(KEY_80, 0x0102030405060708L, sealed, AD));
    }

    @Test
    void hchacha20AndXChaCha20Poly1305MatchDraft() throws GeneralSecurityException {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        assertEquals("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc",
                hex(XAead.hchacha20(key, bytes("000000090000004a0000000031415927"))));
        byte[] nonce = bytes("404142434445464748494a4b4c4d4e4f5051525354555657");
        byte[] sealed = XAead.seal(KEY_80, nonce, SUNSCREEN, AD);
        assertEquals("bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39"
                + "ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c"
                + "97637da9768812f615c68b13b52e" + "c0875924c1c7987947deafd8780acf49", hex(sealed));
        assertArrayEquals(SUNSCREEN, XAead.open(KEY_80, nonce, sealed, AD));
    }

    @Test
    void tai64nGrowsAndIsWhitened() {
        byte[] a = Tai64n.of(Instant.ofEpochSecond(1_700_000_000L, 5));
        byte[] b = Tai64n.of(Instant.ofEpochSecond(1_700_000_000L, 20_000_000));
        assertEquals("400000006553f10a00000000", hex(a));
        assertTrue(Tai64n.after(b, a));
        assertFalse(Tai64n.after(a, a));
    }
}
