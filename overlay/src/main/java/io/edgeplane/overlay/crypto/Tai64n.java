package io.edgeplane.overlay.crypto;

import java.time.Instant;
import java.util.Arrays;

/**
 * TAI64N timestamps (12 bytes: big-endian seconds + 2^62 + 10, big-endian nanoseconds), which a
 * responder requires to grow strictly with each initiation from a peer, so a replayed initiation
 * is refused. Nanoseconds are rounded down to about 16 ms as wireguard-go does, so the stamp
 * does not leak fine timing.
 */
public final class Tai64n {

    public static final int SIZE = 12;
    private static final long BASE = 0x400000000000000aL;
    private static final int WHITENER_MASK = 0x1000000 - 1;

    private Tai64n() {
    }

    public static byte[] now() {
        return of(Instant.now());
    }

    public static byte[] of(Instant t) {
        long seconds = BASE + t.getEpochSecond();
        int nanos = t.getNano();
        nanos -= nanos % WHITENER_MASK;
        byte[] out = new byte[SIZE];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (seconds >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[8 + i] = (byte) (nanos >>> (24 - 8 * i));
        }
        return out;
    }

    /** True when {@code a} is strictly later than {@code b}: both are big-endian, so bytes compare. */
    public static boolean after(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) > 0;
    }
}
