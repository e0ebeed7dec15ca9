package io.edgeplane.edge.control;

import io.edgeplane.conf.registry.Registry;
import io.edgeplane.edge.metrics.NodeMetrics;
import java.net.URI;

/**
 * What the control API serves from.
 *
 * @param registry  the node's registry: the central's own, or a follower's copy
 * @param tokens    who may call
 * @param states    container states from the data plane ({@link ContainerStates#ALWAYS_READY} until the proxy tells)
 * @param reload    what {@code POST /v1/reload} does
 * @param metrics   the meters {@code /metrics} shows; the API counts its requests there
 * @param following the central's URL when this server follows one (writes are then refused with 409), else null
 */
public record ControlApiSetup(Registry registry, BearerTokenCheck tokens, ContainerStates states, ReloadHook reload,
                              NodeMetrics metrics, URI following, ControlApiOptions options) {
}
