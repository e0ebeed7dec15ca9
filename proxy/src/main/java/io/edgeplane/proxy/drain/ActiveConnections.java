package io.edgeplane.proxy.drain;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream connections in use, by container id: from the moment an exchange takes one until it
 * goes back to the pool or closes (a tunnel keeps its connection until it closes). Idle pooled
 * connections do not count: they carry nothing and are closed when their container leaves the
 * current version. Event loops begin and end; the control API and the drain clock read.
 */
public final class ActiveConnections {

    private static final AttributeKey<String> BUSY_FOR = AttributeKey.valueOf("edge.busyFor");
    private static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf("edge.busyWatched");

    private final ConcurrentHashMap<String, Set<Channel>> byContainer = new ConcurrentHashMap<>();

    /** {@code ch} now carries an exchange for {@code containerId}. */
    public void begin(Channel ch, String containerId) {
        String previous = ch.attr(BUSY_FOR).getAndSet(containerId);
        if (previous != null) {
            remove(previous, ch);
        }
        byContainer.computeIfAbsent(containerId, id -> ConcurrentHashMap.newKeySet()).add(ch);
        if (ch.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
            ch.closeFuture().addListener(f -> end(ch));
        }
    }

    /** {@code ch} carries nothing any more (back to the pool, or closed); idempotent. */
    public void end(Channel ch) {
        String id = ch.attr(BUSY_FOR).getAndSet(null);
        if (id != null) {
            remove(id, ch);
        }
    }

    private void remove(String id, Channel ch) {
        byContainer.computeIfPresent(id, (k, set) -> {
            set.remove(ch);
            return set.isEmpty() ? null : set;
        });
    }

    public int count(String containerId) {
        Set<Channel> set = byContainer.get(containerId);
        return set == null ? 0 : set.size();
    }

    public int total() {
        int n = 0;
        for (Set<Channel> set : byContainer.values()) {
            n += set.size();
        }
        return n;
    }

    /** Connections in use per container (containers with none are absent). */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        byContainer.forEach((id, set) -> {
            if (!set.isEmpty()) {
                counts.put(id, set.size());
            }
        });
        return counts;
    }

    /** Closes what {@code containerId} still carries; its clients see their exchange end. */
    public int close(String containerId) {
        Set<Channel> set = byContainer.get(containerId);
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Channel ch : set) {
            ch.close();
            n++;
        }
        return n;
    }

    public void closeAll() {
        byContainer.keySet().forEach(this::close);
    }
}
