package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.edgeplane.proxy.upstream.RoundRobinSelector;
import io.edgeplane.proxy.upstream.Upstream;
import io.netty.util.collection.IntObjectHashMap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The proxy's read-only view of one configuration snapshot: public port, then host name, then
 * the service route with its current-version upstreams. Built by {@link #compile} off the
 * event loops, published with one volatile write, never changed afterwards; a request keeps
 * the route it started with, which is what lets old snapshots drain.
 */
public final class RouteTable {

    private static final System.Logger LOG = System.getLogger(RouteTable.class.getName());

    public static final RouteTable EMPTY = new RouteTable(new IntObjectHashMap<>(), Set.of(), Set.of(), Map.of());

    private final IntObjectHashMap<PortRoutes> ports;
    private final Set<ListenerKey> listeners;
    private final Set<PassiveHealthRegistry.Key> upstreamKeys;
    private final Map<String, Integer> currentVersions;

    private RouteTable(IntObjectHashMap<PortRoutes> ports, Set<ListenerKey> listeners,
                       Set<PassiveHealthRegistry.Key> upstreamKeys, Map<String, Integer> currentVersions) {
        this.ports = ports;
        this.listeners = Collections.unmodifiableSet(listeners);
        this.upstreamKeys = Collections.unmodifiableSet(upstreamKeys);
        this.currentVersions = Map.copyOf(currentVersions);
    }

    /**
     * A service's current version: the highest with a ready container; 0 when none is ready
     * (versions are positive). Every service of the snapshot is here, with ports or without.
     */
    public int currentVersion(String service) {
        return currentVersions.getOrDefault(service, 0);
    }

    /** The addresses new requests may go to: pooled connections to any other are closed. */
    public Set<InetSocketAddress> liveAddresses() {
        Set<InetSocketAddress> live = new HashSet<>();
        upstreamKeys.forEach(k -> live.add(k.address()));
        return live;
    }

    /** The routes of a public port, or null when no service uses it. */
    public PortRoutes port(int port) {
        return ports.get(port);
    }

    /** Every HTTP and HTTPS listener this table needs. */
    public Set<ListenerKey> listeners() {
        return listeners;
    }

    /** Every upstream listed, for pruning passive health state of containers that are gone. */
    public Set<PassiveHealthRegistry.Key> upstreamKeys() {
        return upstreamKeys;
    }

    /** Compiles with every addressed container counted as ready (no probing). */
    public static RouteTable compile(Config config, PassiveHealthRegistry health) {
        return compile(config, health, c -> true);
    }

    /**
     * Compiles a snapshot. A service's current version is the highest version that has a
     * ready container with an address; its upstreams are those containers. A port claimed as
     * HTTP by one service and HTTPS by another keeps the first claim (file order) and logs the
     * conflict; validation in {@code conf} rejects such files before they get here.
     */
    public static RouteTable compile(Config config, PassiveHealthRegistry health, Predicate<Container> ready) {
        Map<String, List<Container>> byService = new LinkedHashMap<>();
        for (Container c : config.inventory().containers()) {
            if (c.address() != null && ready.test(c)) {
                byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<Integer, Boolean> portTls = new LinkedHashMap<>();
        Map<Integer, HostMatcher.Builder<ServiceRoute>> builders = new LinkedHashMap<>();
        Set<PassiveHealthRegistry.Key> keys = new HashSet<>();
        Map<String, Integer> versions = new HashMap<>();
        for (Service service : config.services().list()) {
            List<Container> current = currentVersion(byService.getOrDefault(service.name(), List.of()));
            if (!current.isEmpty()) {
                versions.put(service.name(), current.getFirst().version());
            }
            Set<Integer> claimed = new HashSet<>();
            for (PortMapping mapping : service.ports()) {
                if (mapping.hasHttp()) {
                    add(service, mapping, mapping.http(), false, current, health, portTls, builders, claimed, keys);
                }
                if (mapping.hasHttps()) {
                    add(service, mapping, mapping.https(), true, current, health, portTls, builders, claimed, keys);
                }
            }
        }
        IntObjectHashMap<PortRoutes> ports = new IntObjectHashMap<>();
        Set<ListenerKey> listeners = new HashSet<>();
        builders.forEach((port, builder) -> {
            boolean tls = portTls.get(port);
            ports.put((int) port, new PortRoutes(port, tls, builder.build()));
            listeners.add(new ListenerKey(port, tls));
        });
        return new RouteTable(ports, listeners, keys, versions);
    }

    private static void add(Service service, PortMapping mapping, int port, boolean tls, List<Container> current,
                            PassiveHealthRegistry health, Map<Integer, Boolean> portTls,
                            Map<Integer, HostMatcher.Builder<ServiceRoute>> builders, Set<Integer> claimed,
                            Set<PassiveHealthRegistry.Key> keys) {
        Boolean existing = portTls.putIfAbsent(port, tls);
        if (existing != null && existing != tls) {
            LOG.log(System.Logger.Level.WARNING, "port {0} is HTTP for one service and HTTPS for another;"
                    + " service {1} loses it", port, service.name());
            return;
        }
        if (!claimed.add(port)) {
            // Two mappings of one service on one public port: the first container port wins.
            return;
        }
        List<Upstream> upstreams = new ArrayList<>(current.size());
        for (Container c : current) {
            InetSocketAddress address = new InetSocketAddress(c.address(), c.portFor(mapping.container()));
            keys.add(new PassiveHealthRegistry.Key(c.id(), address));
            upstreams.add(new Upstream(c.id(), c.service(), c.version(), address, health.stateFor(c.id(), address)));
        }
        ServiceRoute route = new ServiceRoute(service.name(), mapping.container(), new RoundRobinSelector(upstreams));
        builders.computeIfAbsent(port, p -> HostMatcher.builder()).add(route, service.trafficMatches());
    }

    private static List<Container> currentVersion(List<Container> containers) {
        int newest = Integer.MIN_VALUE;
        for (Container c : containers) {
            newest = Math.max(newest, c.version());
        }
        List<Container> current = new ArrayList<>();
        for (Container c : containers) {
            if (c.version() == newest) {
                current.add(c);
            }
        }
        return current;
    }
}
