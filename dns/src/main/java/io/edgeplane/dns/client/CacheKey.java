package io.edgeplane.dns.client;

import io.edgeplane.dns.wire.QueryView;
import io.edgeplane.dns.wire.WireNames;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * What a cached answer is filed under: lower-cased wire name, type, class, and the caller's
 * address cut to the answer's ECS scope (RFC 7871 §7.3.1). A /0 key carries no address, so
 * one entry serves every caller; a /32 key only the caller it was fetched for.
 * <p>
 * A {@link #probe()} is a mutable key for lookups only, one per event loop: filled from the
 * packet in place and re-scoped for each scope length tried, so a cache hit allocates no key.
 * Only {@link #of} keys go into the cache.
 */
final class CacheKey {

    private static final int MAX = WireNames.MAX_NAME + 6 + 16;

    private final byte[] bytes;
    private int length;
    private int hash;
    private int questionEnd;

    private CacheKey(byte[] bytes) {
        this.bytes = bytes;
    }

    static CacheKey of(byte[] name, int type, int dnsClass, InetAddress caller, int scope) {
        CacheKey probe = probe().question(name, type, dnsClass).scope(caller, scope);
        CacheKey k = new CacheKey(Arrays.copyOf(probe.bytes, probe.length));
        k.length = probe.length;
        k.hash = probe.hash;
        k.questionEnd = probe.questionEnd;
        return k;
    }

    static CacheKey probe() {
        return new CacheKey(new byte[MAX]);
    }

    CacheKey question(byte[] name, int type, int dnsClass) {
        System.arraycopy(name, 0, bytes, 0, name.length);
        return typeAndClass(name.length, type, dnsClass);
    }

    /** The view's name (lower-cased on the way), type and class; the scope comes next. */
    CacheKey question(QueryView q) {
        return typeAndClass(q.copyName(bytes, 0), q.type(), q.dnsClass());
    }

    private CacheKey typeAndClass(int p, int type, int dnsClass) {
        bytes[p++] = (byte) (type >>> 8);
        bytes[p++] = (byte) type;
        bytes[p++] = (byte) (dnsClass >>> 8);
        bytes[p++] = (byte) dnsClass;
        questionEnd = p;
        return this;
    }

    /** Whether the name (lower-cased) is {@code zone} or below it. */
    boolean nameIsUnder(byte[] zone) {
        return WireNames.isUnder(bytes, questionEnd - 4, zone);
    }

    /** Replaces the address part: {@code caller} cut to {@code scope} bits (none for /0). */
    CacheKey scope(InetAddress caller, int scope) {
        int p = questionEnd;
        if (scope == 0 || caller == null) {
            bytes[p++] = 0;
            bytes[p++] = (byte) scope;
        } else if (caller instanceof Inet4Address) {
            // Its hash code is the address: no copy of it per lookup.
            p = address(p, caller.hashCode(), null, 4, scope);
        } else {
            byte[] a = caller.getAddress();
            p = address(p, 0, a, a.length, scope);
        }
        length = p;
        int h = 1;
        for (int i = 0; i < p; i++) {
            h = 31 * h + bytes[i];
        }
        hash = h;
        return this;
    }

    private int address(int p, int v4, byte[] address, int addressLength, int scope) {
        int addressBytes = (Math.min(scope, addressLength * 8) + 7) / 8;
        bytes[p++] = (byte) addressLength;
        bytes[p++] = (byte) scope;
        for (int i = 0; i < addressBytes; i++) {
            int bitsLeft = scope - i * 8;
            int mask = bitsLeft >= 8 ? 0xff : (0xff << (8 - bitsLeft)) & 0xff;
            byte b = address == null ? (byte) (v4 >>> (24 - 8 * i)) : address[i];
            bytes[p++] = (byte) (b & mask);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && k.hash == hash && Arrays.equals(k.bytes, 0, k.length, bytes, 0, length);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
