package io.edgeplane.proxy.drain;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.proxy.route.RouteTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Where each container stands in a deploy, and the drain clock. A container is draining when it
 * is older than its service's current version, or was removed from the inventory, and still
 * carries connections; drained once it carries none. What a draining container still carries
 * {@code proxy.drain_timeout} after it started draining is closed by {@link #sweep}.
 *
 * <p>A container removed from the inventory while it carries connections is remembered (and
 * reported {@code draining}) until its last one closes; then it is forgotten, so the control
 * API answers 404 for it, as for any container it has no trace of: for an orchestrator both
 * mean "nothing runs through it any more".
 */
public final class DeployTracker {

    private static final System.Logger LOG = System.getLogger(DeployTracker.class.getName());

    private final ActiveConnections connections;
    private final ConcurrentHashMap<String, Removed> removed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> drainingSince = new ConcurrentHashMap<>();
    private volatile Map<String, Container> inventory = Map.of();
    private volatile Duration drainTimeout = Duration.ofSeconds(300);

    private record Removed(Container container, long since) {
    }

    public DeployTracker(ActiveConnections connections) {
        this.connections = connections;
    }

    /** A new configuration is in force (configuration thread). */
    public void applied(Config config) {
        Map<String, Container> next = new HashMap<>();
        for (Container c : config.inventory().containers()) {
            next.put(c.id(), c);
        }
        long now = System.nanoTime();
        for (Container c : inventory.values()) {
            if (!next.containsKey(c.id()) && connections.count(c.id()) > 0) {
                removed.putIfAbsent(c.id(), new Removed(c, now));
            }
        }
        removed.keySet().removeAll(next.keySet());
        inventory = Map.copyOf(next);
        drainTimeout = config.settings().proxy().drainTimeout();
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** The state of a container of the inventory, or of one removed and remembered. */
    public ContainerStatus status(Container c, RouteTable table, Predicate<Container> ready) {
        int active = connections.count(c.id());
        if (leaving(c, table)) {
            return new ContainerStatus(active > 0 ? ContainerStatus.DRAINING : ContainerStatus.DRAINED, active);
        }
        boolean serving = ready.test(c) && table.currentVersion(c.service()) == c.version();
        return new ContainerStatus(serving ? ContainerStatus.READY : ContainerStatus.UNREADY, active);
    }

    /** Upstream connections in use on containers that are draining (for a gauge; not cheap). */
    public int drainingConnections(RouteTable table) {
        int n = 0;
        for (Map.Entry<String, Integer> e : connections.counts().entrySet()) {
            if (leaving(e.getKey(), table)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** A container removed from the inventory that still carries connections, or null. */
    public Container removed(String id) {
        Removed r = removed.get(id);
        return r == null ? null : r.container();
    }

    /**
     * Whether the container {@code id}, which carries connections, is leaving: listed and
     * leaving, or removed (remembered or already forgotten).
     */
    private boolean leaving(String id, RouteTable table) {
        Container c = inventory.get(id);
        if (c == null) {
            c = removed(id);
        }
        return c == null || leaving(c, table);
    }

    /** Removed, or older than its service's current version: gets no new traffic, only finishes. */
    private boolean leaving(Container c, RouteTable table) {
        if (!inventory.containsKey(c.id())) {
            return true;
        }
        int current = table.currentVersion(c.service());
        return current > 0 && c.version() < current;
    }

    /**
     * Closes what a container has carried past the drain timeout and forgets removed containers
     * that carry nothing any more. Cheap; run a few times a second from any thread.
     */
    public void sweep(RouteTable table) {
        long now = System.nanoTime();
        long timeout = drainTimeout.toNanos();
        Set<String> busy = connections.counts().keySet();
        for (String id : busy) {
            if (!leaving(id, table)) {
                drainingSince.remove(id);
                continue;
            }
            long since = drainingSince.computeIfAbsent(id, k -> now);
            if (now - since >= timeout) {
                int n = connections.close(id);
                LOG.log(System.Logger.Level.INFO, "container {0}: drain timeout ({1}) passed, closed {2}"
                        + " connection(s) still open", id, drainTimeout, n);
            }
        }
        drainingSince.keySet().retainAll(busy);
        removed.keySet().removeIf(id -> connections.count(id) == 0);
    }
}
