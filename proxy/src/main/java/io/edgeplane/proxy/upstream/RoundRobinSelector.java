package io.edgeplane.proxy.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin over an immutable list, one counter shared by every event loop so that the order
 * is exact across the whole proxy (three containers get requests 1, 2, 3, 1, 2, 3...).
 */
public final class RoundRobinSelector implements UpstreamSelector {

    private final List<Upstream> upstreams;
    private final Upstream[] ring;
    private final AtomicInteger counter = new AtomicInteger();

    public RoundRobinSelector(List<Upstream> upstreams) {
        this.upstreams = List.copyOf(upstreams);
        this.ring = this.upstreams.toArray(Upstream[]::new);
    }

    @Override
    public List<Upstream> upstreams() {
        return upstreams;
    }

    @Override
    public Upstream next(List<Upstream> tried, long now) {
        int n = ring.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(counter.getAndIncrement(), n);
        Upstream fallback = null;
        for (int i = 0; i < n; i++) {
            Upstream candidate = ring[(start + i) % n];
            if (tried.contains(candidate)) {
                continue;
            }
            if (candidate.health().available(now)) {
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        return fallback;
    }
}
