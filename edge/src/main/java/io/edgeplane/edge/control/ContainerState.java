package io.edgeplane.edge.control;

/**
 * What the data plane says about one container: {@code ready}, {@code unready},
 * {@code draining} or {@code drained}, and how many connections it carries now.
 */
public record ContainerState(String state, long activeConnections) {

    public static final ContainerState READY = new ContainerState("ready", 0);
}
