package io.edgeplane.edge.control;

import io.edgeplane.conf.model.Container;

/**
 * The seam between the control API and the proxy: the proxy knows readiness, draining and
 * connection counts; the API only reports them. Without a proxy on this server every
 * container of the registry is reported {@code ready} with no connections.
 * Called on an event loop: answer from memory, without locks or I/O.
 */
@FunctionalInterface
public interface ContainerStates {

    ContainerStates ALWAYS_READY = container -> ContainerState.READY;

    /** The state of a container of the current snapshot, or of one {@link #removed}; never null. */
    ContainerState stateOf(Container container);

    /**
     * A container no longer in the inventory that the data plane still remembers (draining, or
     * drained lately), so an orchestrator that removed it first can wait for {@code drained};
     * null when unknown.
     */
    default Container removed(String id) {
        return null;
    }
}
