package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where new connections (or sessions) of one public port go: the service's current-version
 * containers, taken round-robin. Immutable but for the round-robin position, which every event
 * loop advances without locks; a snapshot's route keeps its position until the next one replaces it.
 */
public final class StreamRoute {

    private final int port;
    private final String service;
    private final int containerPort;
    private final List<StreamTarget> targets;
    private final ProxyProtocol proxyProtocol;
    private final AtomicInteger next = new AtomicInteger();

    public StreamRoute(int port, String service, int containerPort, List<StreamTarget> targets,
                       ProxyProtocol proxyProtocol) {
        this.port = port;
        this.service = service;
        this.containerPort = containerPort;
        this.targets = List.copyOf(targets);
        this.proxyProtocol = proxyProtocol;
    }

    /**
     * The containers to try for one new connection, the round-robin choice first and the others
     * after it in order (the fallbacks when a connect fails); empty when none is ready.
     */
    public List<StreamTarget> order() {
        int n = targets.size();
        if (n <= 1) {
            return targets;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        return start == 0 ? targets : new RotatedList<>(targets, start);
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
