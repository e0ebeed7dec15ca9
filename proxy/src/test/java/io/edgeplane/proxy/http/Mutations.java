package io.edgeplane.proxy.http;

import java.util.Arrays;
import java.util.Random;

/**
 * The seeded-fuzz mutator the parser tests share. Each test keeps its own corpus and its own bounds, since
 * every draw from {@code random} shifts all later cases of that seed; this class draws in exactly the order
 * the tests always did, so a failing case found under a seed stays reproducible.
 */
final class Mutations {

    private Mutations() {
    }

    /** Random bytes, shorter than {@code maxLength}: input no corpus entry resembles. */
    static byte[] noise(Random random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength)];
        random.nextBytes(b);
        return b;
    }

    /**
     * Applies {@code edits} random edits to {@code b}: overwrite, insert or delete a byte, repeat a run, or
     * (sometimes) cut the rest. A new byte is usually one of {@code interesting}, the bytes a parser
     * branches on, since fully random bytes mostly end up in a refused first line.
     */
    static byte[] edit(byte[] b, Random random, int edits, byte[] interesting) {
        for (int n = edits; n > 0 && b.length > 0; n--) {
            int at = random.nextInt(b.length);
            byte x = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : interesting[random.nextInt(interesting.length)];
            switch (random.nextInt(5)) {
                case 0 -> b[at] = x;
                case 1 -> b = splice(b, at, at, new byte[] {x});
                case 2 -> b = splice(b, at, at + 1, new byte[0]);
                case 3 -> {
                    int to = Math.min(b.length, at + 1 + random.nextInt(20));
                    b = splice(b, to, to, Arrays.copyOfRange(b, at, to));
                }
                case 4 -> b = random.nextInt(4) == 0 ? Arrays.copyOf(b, at) : b;
                default -> throw new AssertionError();
            }
        }
        return b;
    }

    /** {@code b} as printable ASCII, other bytes as {@code \xNN}, so a failing case can be pasted back. */
    static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] r = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, r, 0, from);
        System.arraycopy(insert, 0, r, from, insert.length);
        System.arraycopy(b, to, r, from + insert.length, b.length - to);
        return r;
    }
}
