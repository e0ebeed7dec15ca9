package io.edgeplane.dns.client;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * What a cached answer is filed under: lower-cased wire name, type, class, and the caller's
 * address cut to the answer's ECS scope (RFC 7871 §7.3.1). A /0 key carries no address, so
 * one entry serves every caller; a /32 key only the caller it was fetched for.
 */
final class CacheKey {

    private final byte[] bytes;
    private final int hash;

    private CacheKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static CacheKey of(byte[] name, int type, int dnsClass, InetAddress caller, int scope) {
        byte[] address = scope == 0 || caller == null ? null : caller.getAddress();
        int addressBytes = address == null ? 0 : (Math.min(scope, address.length * 8) + 7) / 8;
        byte[] b = new byte[name.length + 6 + addressBytes];
        System.arraycopy(name, 0, b, 0, name.length);
        int p = name.length;
        b[p++] = (byte) (type >>> 8);
        b[p++] = (byte) type;
        b[p++] = (byte) (dnsClass >>> 8);
        b[p++] = (byte) dnsClass;
        b[p++] = (byte) (address == null ? 0 : address.length);
        b[p++] = (byte) scope;
        for (int i = 0; i < addressBytes; i++) {
            int bitsLeft = scope - i * 8;
            int mask = bitsLeft >= 8 ? 0xff : (0xff << (8 - bitsLeft)) & 0xff;
            b[p++] = (byte) (address[i] & mask);
        }
        return new CacheKey(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
