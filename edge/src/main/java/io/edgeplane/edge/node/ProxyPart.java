package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.edge.control.ContainerState;
import io.edgeplane.edge.control.ContainerStates;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.drain.ContainerStatus;

/**
 * The HTTP proxy as a node part, and the control API's source of container states: the proxy
 * knows readiness, versions and connections; the API only reports them. {@link #close} drains
 * (up to {@code proxy.drain_timeout}).
 */
record ProxyPart(Proxy proxy) implements NodePart, ContainerStates {

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
        return new ContainerState(s.state(), s.activeConnections());
    }

    @Override
    public Container removed(String id) {
        return proxy.removedContainer(id);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
