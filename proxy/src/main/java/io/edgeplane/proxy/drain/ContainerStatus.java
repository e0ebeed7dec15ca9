package io.edgeplane.proxy.drain;

/**
 * What the proxy says about one container, as the control API reports it.
 *
 * @param state             {@code ready}: of its service's current version and passing probes;
 *                          {@code unready}: not passing (yet), or its service has no ready
 *                          version; {@code draining}: older than the current version, or removed,
 *                          and still carrying connections; {@code drained}: the same with none
 *                          left, so the orchestrator may stop it
 * @param activeConnections upstream connections in use now (requests in flight, tunnels)
 */
public record ContainerStatus(String state, long activeConnections) {

    public static final String READY = "ready";
    public static final String UNREADY = "unready";
    public static final String DRAINING = "draining";
    public static final String DRAINED = "drained";
}
