package io.edgeplane.edge.control;

import io.edgeplane.conf.model.Container;

/**
 * The seam between the control API and the proxy: the proxy knows readiness, draining and
 * connection counts; the API only reports them. Until the proxy implements this (the deploy
 * issue), every container of the registry is reported {@code ready} with no connections.
 * Called on an event loop: answer from memory, without locks or I/O.
 */
@FunctionalInterface
public interface ContainerStates {

    ContainerStates ALWAYS_READY = container -> ContainerState.READY;

    /** The state of a container of the current snapshot; never null. */
    ContainerState stateOf(Container container);
}
