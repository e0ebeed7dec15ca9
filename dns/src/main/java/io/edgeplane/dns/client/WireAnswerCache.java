package io.edgeplane.dns.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.dns.wire.WireAnswer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * Answers by name, type, class and ECS scope. A lookup tries the scope lengths answers have
 * been stored with, longest first, then /0: the most specific entry covering the caller wins
 * (RFC 7871 §7.3.1), so an answer the central scoped to caller A is never found for caller B.
 * Entries outlive their TTL by the stale window (RFC 8767) and are evicted after it.
 */
final class WireAnswerCache {

    private final Cache<CacheKey, WireAnswer> cache;
    private final Ticker ticker;
    // Non-zero scope lengths seen so far, longest first; copy-on-write, written rarely.
    private volatile int[] v4Scopes = new int[0];
    private volatile int[] v6Scopes = new int[0];

    WireAnswerCache(Ticker ticker, long maxEntries, Duration staleWindow) {
        this.ticker = ticker;
        long staleNanos = staleWindow.toNanos();
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // Maintenance runs on the thread that caused it: a few microseconds now and then
                // beats a hand-off to the common pool for every write.
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<CacheKey, WireAnswer>() {
                    @Override
                    public long expireAfterCreate(CacheKey key, WireAnswer value, long currentTime) {
                        return value.freshSeconds() * 1_000_000_000L + staleNanos;
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey key, WireAnswer value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(CacheKey key, WireAnswer value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    long now() {
        return ticker.read();
    }

    /**
     * The best entry for this caller, fresh at {@code now} (from {@link #now}) if any is, else
     * the most specific stale one; or null.
     */
    WireAnswer lookup(byte[] name, int type, int dnsClass, InetAddress caller, boolean scoped, long now) {
        return lookup(CacheKey.probe().question(name, type, dnsClass), caller, scoped, now);
    }

    /**
     * The same for a probe holding the question; the probe is re-scoped for each length tried.
     * With no scoped answer stored yet (the common case) that is one map lookup.
     */
    WireAnswer lookup(CacheKey probe, InetAddress caller, boolean scoped, long now) {
        WireAnswer stale = null;
        if (scoped && caller != null) {
            for (int scope : caller instanceof Inet6Address ? v6Scopes : v4Scopes) {
                WireAnswer a = cache.getIfPresent(probe.scope(caller, scope));
                if (a != null) {
                    if (a.isFresh(now)) {
                        return a;
                    }
                    stale = stale == null ? a : stale;
                }
            }
        }
        WireAnswer a = cache.getIfPresent(probe.scope(null, 0));
        if (a != null && (a.isFresh(now) || stale == null)) {
            return a;
        }
        return stale;
    }

    /** Files {@code answer} under the scope it came with; answers with no lifetime are not kept. */
    void store(byte[] name, int type, int dnsClass, InetAddress caller, int scope, WireAnswer answer) {
        if (answer.freshSeconds() <= 0) {
            return;
        }
        if (scope > 0 && caller != null) {
            noteScope(caller instanceof Inet6Address, scope);
        }
        cache.put(CacheKey.of(name, type, dnsClass, caller, scope), answer);
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    void clear() {
        cache.invalidateAll();
    }

    private void noteScope(boolean v6, int scope) {
        int[] seen = v6 ? v6Scopes : v4Scopes;
        for (int s : seen) {
            if (s == scope) {
                return;
            }
        }
        int[] grown = Arrays.copyOf(seen, seen.length + 1);
        grown[seen.length] = scope;
        Arrays.sort(grown);
        for (int i = 0; i < grown.length / 2; i++) {
            int t = grown[i];
            grown[i] = grown[grown.length - 1 - i];
            grown[grown.length - 1 - i] = t;
        }
        // A lost race only drops a length that the next store of it adds again.
        if (v6) {
            v6Scopes = grown;
        } else {
            v4Scopes = grown;
        }
    }
}
