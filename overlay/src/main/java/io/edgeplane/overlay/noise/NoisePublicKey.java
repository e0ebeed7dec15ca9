package io.edgeplane.overlay.noise;

import java.util.Arrays;
import java.util.Base64;

/** A 32-byte X25519 public key compared by value, so it can key the peer map. */
public record NoisePublicKey(byte[] bytes) {

    public NoisePublicKey {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a public key is 32 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public static NoisePublicKey fromBase64(String text) {
        return new NoisePublicKey(Base64.getDecoder().decode(text.trim()));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoisePublicKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
