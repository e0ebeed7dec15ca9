package io.edgeplane.overlay.noise;

import io.edgeplane.overlay.crypto.Blake2s;
import java.nio.charset.StandardCharsets;

/** The protocol's constants, named as in the WireGuard paper (section 6.1 and 5.4). */
public final class Protocol {

    public static final String CONSTRUCTION = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
    public static final String IDENTIFIER = "WireGuard v1 zx2c4 Jason@zx2c4.com";
    public static final String LABEL_MAC1 = "mac1----";
    public static final String LABEL_COOKIE = "cookie--";

    /** Ci = HASH(CONSTRUCTION); Hi = HASH(Ci || IDENTIFIER). */
    static final byte[] INITIAL_CHAIN_KEY = Blake2s.hash(bytes(CONSTRUCTION));
    static final byte[] INITIAL_HASH = Blake2s.hash(INITIAL_CHAIN_KEY, bytes(IDENTIFIER));

    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /** 2^64 - 2^13 - 1, compared unsigned. */
    public static final long REJECT_AFTER_MESSAGES = -(1L << 13) - 1;
    public static final long REKEY_AFTER_TIME = seconds(120);
    public static final long REJECT_AFTER_TIME = seconds(180);
    public static final long REKEY_ATTEMPT_TIME = seconds(90);
    public static final long REKEY_TIMEOUT = seconds(5);
    public static final long KEEPALIVE_TIMEOUT = seconds(10);
    public static final long COOKIE_REFRESH_TIME = seconds(120);
    /** At most one initiation per peer every 50 ms is consumed (flood protection). */
    public static final long HANDSHAKE_INITIATION_RATE = 50_000_000L;
    public static final int MAX_TIMER_HANDSHAKES = (int) (REKEY_ATTEMPT_TIME / REKEY_TIMEOUT);
    public static final int REKEY_TIMEOUT_JITTER_MAX_MS = 334;
    public static final int PADDING_MULTIPLE = 16;

    private Protocol() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long seconds(long s) {
        return s * 1_000_000_000L;
    }
}
