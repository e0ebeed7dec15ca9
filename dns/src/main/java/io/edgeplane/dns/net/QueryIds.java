package io.edgeplane.dns.net;

import java.security.SecureRandom;

/**
 * Unpredictable query IDs (RFC 5452): with the random source port they are what an off-path
 * attacker must guess. One generator per thread so event loops never contend for one.
 */
public final class QueryIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private QueryIds() {
    }

    public static int next() {
        return RANDOM.get().nextInt(0x10000);
    }
}
