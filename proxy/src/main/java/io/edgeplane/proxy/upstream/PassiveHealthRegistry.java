package io.edgeplane.proxy.upstream;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each upstream's {@link PassiveHealth} across configuration snapshots, keyed by
 * container and dialled address, so a reload does not forget that a container is failing.
 */
public final class PassiveHealthRegistry {

    private final int maxFails;
    private final long failTimeoutNanos;
    private final ConcurrentHashMap<Key, PassiveHealth> states = new ConcurrentHashMap<>();

    public PassiveHealthRegistry(int maxFails, long failTimeoutNanos) {
        this.maxFails = maxFails;
        this.failTimeoutNanos = failTimeoutNanos;
    }

    public PassiveHealth stateFor(String containerId, InetSocketAddress address) {
        return states.computeIfAbsent(new Key(containerId, address), k -> new PassiveHealth(maxFails, failTimeoutNanos));
    }

    /** Forgets upstreams no snapshot lists any more. */
    public void retainOnly(Set<Key> live) {
        states.keySet().retainAll(live);
    }

    public record Key(String containerId, InetSocketAddress address) {
    }
}
