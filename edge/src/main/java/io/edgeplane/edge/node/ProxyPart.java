package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.edge.control.ContainerState;
import io.edgeplane.edge.control.ContainerStates;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.drain.ContainerStatus;
import io.edgeplane.proxy.stream.StreamProxy;

/**
 * The HTTP proxy as a node part, and the control API's source of container states: the proxy
 * knows readiness, versions and connections; the API only reports them. A container's TCP
 * streams and UDP sessions count too: an orchestrator stops a container once it is drained, so
 * it must not read {@code drained} while a stream is still open on it. {@link #close} drains
 * HTTP and TCP together (up to {@code proxy.drain_timeout}).
 */
record ProxyPart(Proxy proxy, StreamProxy streams) implements NodePart, ContainerStates {

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public void apply(Config config) {
        proxy.apply(config);
    }

    @Override
    public ContainerState stateOf(Container container) {
        ContainerStatus s = proxy.status(container);
        int streaming = streams.active(container.id());
        String state = streaming > 0 && ContainerStatus.DRAINED.equals(s.state()) ? ContainerStatus.DRAINING : s.state();
        return new ContainerState(state, s.activeConnections() + streaming);
    }

    @Override
    public Container removed(String id) {
        return proxy.removedContainer(id);
    }

    /**
     * Drains HTTP connections and TCP streams at the same time, so a stop takes at most one
     * {@code drain_timeout}, not one after the other; the stream proxy's own part then finds it
     * closed.
     */
    @Override
    public void close() {
        Thread streamDrain = Thread.ofPlatform().name("edge-stream-drain").start(streams::drainAndClose);
        try {
            proxy.close();
        } finally {
            try {
                streamDrain.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
