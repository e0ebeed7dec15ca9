package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.registry.Readiness;
import io.edgeplane.proxy.stream.meters.StreamCounters;
import io.edgeplane.proxy.stream.meters.StreamMeters;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.netty.util.collection.IntObjectHashMap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stream proxy's read-only view of one snapshot and one readiness state: TCP port → route,
 * UDP port → route, plus the bind address and drain timeout in force, and the passive health
 * states its TCP targets use (the others can be forgotten). Built off the event loops,
 * published with one volatile write, never changed afterwards (but for round-robin positions).
 */
public final class StreamTable {

    private static final System.Logger LOG = System.getLogger(StreamTable.class.getName());

    public static final StreamTable EMPTY = new StreamTable(new IntObjectHashMap<>(), new IntObjectHashMap<>(),
            InetAddress.ofLiteral("0.0.0.0"), Duration.ofSeconds(300), Set.of());

    private final IntObjectHashMap<StreamRoute> tcp;
    private final IntObjectHashMap<StreamRoute> udp;
    private final InetAddress bind;
    private final Duration drainTimeout;
    private final Set<PassiveHealthRegistry.Key> healthKeys;

    private StreamTable(IntObjectHashMap<StreamRoute> tcp, IntObjectHashMap<StreamRoute> udp, InetAddress bind,
                        Duration drainTimeout, Set<PassiveHealthRegistry.Key> healthKeys) {
        this.tcp = tcp;
        this.udp = udp;
        this.bind = bind;
        this.drainTimeout = drainTimeout;
        this.healthKeys = Set.copyOf(healthKeys);
    }

    /** The route of a TCP port, or null when no service claims it. */
    public StreamRoute tcp(int port) {
        return tcp.get(port);
    }

    /** The route of a UDP port, or null when no service claims it. */
    public StreamRoute udp(int port) {
        return udp.get(port);
    }

    public Set<Integer> tcpPorts() {
        return Collections.unmodifiableSet(new TreeSet<>(tcp.keySet()));
    }

    public Set<Integer> udpPorts() {
        return Collections.unmodifiableSet(new TreeSet<>(udp.keySet()));
    }

    public InetAddress bind() {
        return bind;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** The passive health states this table's TCP targets share. */
    public Set<PassiveHealthRegistry.Key> healthKeys() {
        return healthKeys;
    }

    /**
     * Compiles a snapshot. A service's current version is the highest version with a ready
     * container (per {@code readiness}, with an address); its targets are those containers. A
     * second claim of a host port keeps the first (file order) and logs it; conf's validation
     * rejects such files before they get here. TCP targets take their passive health from
     * {@code health}; routes their counters from {@code meters}.
     */
    public static StreamTable compile(Config config, Readiness readiness, StreamOptions options, StreamMeters meters,
                                      PassiveHealthRegistry health) {
        Map<String, List<Container>> ready = new LinkedHashMap<>();
        for (Container c : config.inventory().containers()) {
            if (c.address() != null && readiness.ready(c)) {
                ready.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
            }
        }
        IntObjectHashMap<StreamRoute> tcp = new IntObjectHashMap<>();
        IntObjectHashMap<StreamRoute> udp = new IntObjectHashMap<>();
        Set<PassiveHealthRegistry.Key> keys = new HashSet<>();
        for (Service service : config.services().list()) {
            List<Container> current = currentVersion(ready.getOrDefault(service.name(), List.of()));
            for (PortMapping mapping : service.ports()) {
                if (mapping.hasTcp()) {
                    ProxyProtocol pp = service.proxyProtocol() != ProxyProtocol.NONE ? service.proxyProtocol()
                            : options.proxyProtocolOf(service.name());
                    claim(tcp, "tcp", mapping.tcp(), route(service, mapping, mapping.tcp(), current, pp,
                            meters.counters(service.name(), false), health, keys));
                }
                if (mapping.hasUdp()) {
                    claim(udp, "udp", mapping.udp(), route(service, mapping, mapping.udp(), current, ProxyProtocol.NONE,
                            meters.counters(service.name(), true), null, keys));
                }
            }
        }
        var proxy = config.settings().proxy();
        return new StreamTable(tcp, udp, proxy.bind(), proxy.drainTimeout(), keys);
    }

    /** {@code health} null: UDP, whose targets are never taken out (nothing connects to fail). */
    private static StreamRoute route(Service service, PortMapping mapping, int port, List<Container> current,
                                     ProxyProtocol proxyProtocol, StreamCounters counters,
                                     PassiveHealthRegistry health, Set<PassiveHealthRegistry.Key> keys) {
        List<StreamTarget> targets = new ArrayList<>(current.size());
        for (Container c : current) {
            InetSocketAddress address = new InetSocketAddress(c.address(), c.portFor(mapping.container()));
            if (health == null) {
                targets.add(new StreamTarget(c.id(), c.service(), c.version(), address));
            } else {
                keys.add(new PassiveHealthRegistry.Key(c.id(), address));
                targets.add(new StreamTarget(c.id(), c.service(), c.version(), address, health.stateFor(c.id(), address)));
            }
        }
        return new StreamRoute(port, service.name(), mapping.container(), targets, proxyProtocol, counters);
    }

    private static void claim(IntObjectHashMap<StreamRoute> routes, String kind, int port, StreamRoute route) {
        StreamRoute first = routes.putIfAbsent(port, route);
        if (first != null) {
            LOG.log(System.Logger.Level.WARNING, "{0} port {1} is claimed by {2} and {3}; {3} loses it", kind, port,
                    first.service(), route.service());
        }
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
