package io.edgeplane.proxy.drain;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream connections in use, by container id: from the moment an exchange takes one until it
 * goes back to the pool or closes (a tunnel keeps its connection until it closes). Idle pooled
 * connections do not count: they carry nothing and are closed when their container leaves the
 * current version. Event loops begin and end; the control API and the drain clock read.
 *
 * <p>Every upstream connection that ever carried an exchange is listed under its container
 * until it closes, so the shared map changes once per connection, not per request; what
 * changes per request is one flag on the connection, written with release semantics by its
 * event loop and read by the counting threads (a count may trail by an exchange, never more).
 */
public final class ActiveConnections {

    private static final AttributeKey<Use> USE = AttributeKey.valueOf("edge.upstreamUse");

    private final ConcurrentHashMap<String, Set<Use>> byContainer = new ConcurrentHashMap<>();

    /** One upstream connection: which container it is listed under and whether it is in use. */
    private static final class Use {

        private static final VarHandle BUSY;

        static {
            try {
                BUSY = MethodHandles.lookup().findVarHandle(Use.class, "busy", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Channel channel;
        /** Written by the channel's event loop only. */
        String containerId;
        @SuppressWarnings("unused") // through BUSY
        private volatile boolean busy;

        Use(Channel channel) {
            this.channel = channel;
        }

        void busy(boolean b) {
            BUSY.setRelease(this, b);
        }

        boolean busy() {
            return (boolean) BUSY.getAcquire(this);
        }
    }

    /** {@code ch} now carries an exchange for {@code containerId}. Call it on {@code ch}'s event loop. */
    public void begin(Channel ch, String containerId) {
        Use use = ch.attr(USE).get();
        if (use == null) {
            use = new Use(ch);
            ch.attr(USE).set(use);
            Use listed = use;
            ch.closeFuture().addListener(f -> forget(listed));
        }
        if (!containerId.equals(use.containerId)) {
            // First exchange, or the address now belongs to another container (a redeploy on
            // the same address): listed under the new one. Rare, so the map work is here.
            if (use.containerId != null) {
                unlist(use.containerId, use);
            }
            use.containerId = containerId;
            byContainer.computeIfAbsent(containerId, id -> ConcurrentHashMap.newKeySet()).add(use);
        }
        use.busy(true);
    }

    /** {@code ch} carries nothing any more (back to the pool, or closed); idempotent. */
    public void end(Channel ch) {
        Use use = ch.attr(USE).get();
        if (use != null) {
            use.busy(false);
        }
    }

    private void forget(Use use) {
        use.busy(false);
        String id = use.containerId;
        if (id != null) {
            unlist(id, use);
        }
    }

    private void unlist(String id, Use use) {
        byContainer.computeIfPresent(id, (k, set) -> {
            set.remove(use);
            return set.isEmpty() ? null : set;
        });
    }

    public int count(String containerId) {
        Set<Use> set = byContainer.get(containerId);
        return set == null ? 0 : busy(set);
    }

    public int total() {
        int n = 0;
        for (Set<Use> set : byContainer.values()) {
            n += busy(set);
        }
        return n;
    }

    /** Connections in use per container (containers with none are absent). */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        byContainer.forEach((id, set) -> {
            int n = busy(set);
            if (n > 0) {
                counts.put(id, n);
            }
        });
        return counts;
    }

    private static int busy(Set<Use> set) {
        int n = 0;
        for (Use use : set) {
            if (use.busy()) {
                n++;
            }
        }
        return n;
    }

    /** Closes what {@code containerId} still carries; its clients see their exchange end. */
    public int close(String containerId) {
        Set<Use> set = byContainer.get(containerId);
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Use use : set) {
            if (use.busy()) {
                use.channel.close();
                n++;
            }
        }
        return n;
    }

    public void closeAll() {
        byContainer.keySet().forEach(this::close);
    }
}
