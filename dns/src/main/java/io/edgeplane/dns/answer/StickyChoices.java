package io.edgeplane.dns.answer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sticky}: the address each caller got for each service, kept for 60 s from the first
 * choice. It outlives snapshots (a redeploy of an unrelated service must not reshuffle
 * callers); a remembered address that is no longer a candidate is replaced at once.
 */
public final class StickyChoices {

    public static final Duration KEEP = Duration.ofSeconds(60);

    private record Key(InetAddress caller, String service, int addressLength) {
    }

    private final Cache<Key, InetAddress> chosen;
    private final AtomicInteger next = new AtomicInteger();

    public StickyChoices(Ticker ticker) {
        this.chosen = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfterWrite(KEEP)
                .maximumSize(1_000_000)
                .build();
    }

    public static StickyChoices system() {
        return new StickyChoices(Ticker.systemTicker());
    }

    /** One of {@code candidates} (all of one address family, not empty) for this caller. */
    InetAddress choose(InetAddress caller, String service, List<InetAddress> candidates) {
        Key key = new Key(caller, service, candidates.getFirst().getAddress().length);
        InetAddress kept = chosen.getIfPresent(key);
        if (kept != null && candidates.contains(kept)) {
            return kept;
        }
        // New callers are spread over the candidates in turn rather than at random, so two
        // callers asking one after the other land on different containers.
        InetAddress pick = candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
        chosen.put(key, pick);
        return pick;
    }
}
