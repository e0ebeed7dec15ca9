package io.edgeplane.dns.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    private static final byte[] NAME = {3, 'a', 'p', 'i', 0};

    private static CacheKey key(String caller, int scope) {
        return CacheKey.of(NAME, 1, 1, InetAddress.ofLiteral(caller), scope);
    }

    @Test
    void scopeDecidesWhichCallersShareAnEntry() {
        assertEquals(key("10.32.1.5", 0), key("10.32.9.9", 0));
        assertNotEquals(key("10.32.1.5", 32), key("10.32.1.6", 32));
        assertEquals(key("10.32.1.5", 24), key("10.32.1.200", 24));
        assertNotEquals(key("10.32.1.5", 24), key("10.32.2.5", 24));
        assertEquals(key("10.32.1.5", 20), key("10.32.15.5", 20));
        assertNotEquals(key("10.32.1.5", 32), key("10.32.1.5", 0));
        assertNotEquals(key("fd00::5", 128), key("fd00::6", 128));
        assertNotEquals(CacheKey.of(NAME, 1, 1, null, 0), CacheKey.of(NAME, 28, 1, null, 0));
    }
}
