package io.edgeplane.edge.overlay;

import java.nio.charset.StandardCharsets;

/**
 * A key read from standard input exactly as {@code wg pubkey} reads it, so the two accept and
 * refuse the same input with the same words: the first 44 bytes are the key (no leading
 * blanks), anything after may only be whitespace or NUL, and the key must be canonical base64
 * of 32 bytes ending in {@code =} (the unused low bits of its last character zero).
 */
public final class WgKeyText {

    public static final String BAD_KEY = "Key is not the correct length or format";
    public static final String TRAILING = "Trailing characters found after key";
    private static final int LENGTH = 44;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** The key text, or an error message of wg's. */
    public record Parsed(String key, String error) {
    }

    private WgKeyText() {
    }

    public static Parsed parse(byte[] input) {
        if (input.length < LENGTH) {
            return new Parsed(null, BAD_KEY);
        }
        for (int i = LENGTH; i < input.length; i++) {
            byte b = input[i];
            if (b != 0 && b != ' ' && b != '\t' && b != '\n' && b != 0x0b && b != '\f' && b != '\r') {
                return new Parsed(null, TRAILING);
            }
        }
        String key = new String(input, 0, LENGTH, StandardCharsets.ISO_8859_1);
        if (key.charAt(LENGTH - 1) != '=') {
            return new Parsed(null, BAD_KEY);
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return new Parsed(null, BAD_KEY);
            }
        }
        // 32 bytes use 256 of the 258 bits of 43 characters: the last one's low 2 bits must be 0
        if ((ALPHABET.indexOf(key.charAt(LENGTH - 2)) & 0b11) != 0) {
            return new Parsed(null, BAD_KEY);
        }
        return new Parsed(key, null);
    }
}
