package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.proxy.stream.meters.StreamCounters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where new connections (or sessions) of one public port go: the service's current-version
 * containers, taken round-robin. Immutable but for the round-robin position, which every event
 * loop advances without locks; a snapshot's route keeps its position until the next one replaces it.
 * It carries the service's counters for its protocol, resolved when the table was compiled.
 */
public final class StreamRoute {

    private final int port;
    private final String service;
    private final int containerPort;
    private final List<StreamTarget> targets;
    private final ProxyProtocol proxyProtocol;
    private final StreamCounters counters;
    private final AtomicInteger next = new AtomicInteger();

    public StreamRoute(int port, String service, int containerPort, List<StreamTarget> targets,
                       ProxyProtocol proxyProtocol) {
        this(port, service, containerPort, targets, proxyProtocol, StreamCounters.NONE);
    }

    public StreamRoute(int port, String service, int containerPort, List<StreamTarget> targets,
                       ProxyProtocol proxyProtocol, StreamCounters counters) {
        this.port = port;
        this.service = service;
        this.containerPort = containerPort;
        this.targets = List.copyOf(targets);
        this.proxyProtocol = proxyProtocol;
        this.counters = counters;
    }

    /**
     * The containers to try for one new connection, the round-robin choice first and the others
     * after it in order (the fallbacks when a connect fails); empty when none is ready. Containers
     * passive health took out come last, in the same rotation: as the HTTP proxy does, they are
     * still tried when every other one failed, rather than refusing the client outright.
     */
    public List<StreamTarget> order(long now) {
        int n = targets.size();
        if (n == 0) {
            return targets;
        }
        int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
        List<StreamTarget> rotated = start == 0 ? targets : new RotatedList<>(targets, start);
        int down = 0;
        for (int i = 0; i < n; i++) {
            if (!targets.get(i).health().available(now)) {
                down++;
            }
        }
        if (down == 0 || down == n) {
            return rotated;
        }
        // Only when a container is out: the usual connection allocates no list.
        // Each container's state read once: other event loops may change it meanwhile.
        List<StreamTarget> ordered = new ArrayList<>(n);
        List<StreamTarget> out = new ArrayList<>(down);
        for (StreamTarget t : rotated) {
            (t.health().available(now) ? ordered : out).add(t);
        }
        ordered.addAll(out);
        return ordered;
    }

    /** The round-robin choice for one new session, or null when no container is ready. */
    public StreamTarget pick() {
        int n = targets.size();
        return switch (n) {
            case 0 -> null;
            case 1 -> targets.getFirst();
            default -> targets.get(Math.floorMod(next.getAndIncrement(), n));
        };
    }

    public boolean routesTo(StreamTarget target) {
        return targets.contains(target);
    }

    public int port() {
        return port;
    }

    public String service() {
        return service;
    }

    public int containerPort() {
        return containerPort;
    }

    public List<StreamTarget> targets() {
        return targets;
    }

    public ProxyProtocol proxyProtocol() {
        return proxyProtocol;
    }

    public StreamCounters counters() {
        return counters;
    }

    /** A view of a list starting at {@code start}, wrapping round: no copy per connection. */
    private static final class RotatedList<T> extends java.util.AbstractList<T> {
        private final List<T> list;
        private final int start;

        RotatedList(List<T> list, int start) {
            this.list = list;
            this.start = start;
        }

        @Override
        public T get(int index) {
            return list.get((start + index) % list.size());
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
