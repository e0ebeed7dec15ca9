package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Config;

/**
 * One part of a node fed by the registry: the proxy, the DNS client, the overlay agent. It gets
 * the whole configuration of every revision, in order, never two at once.
 */
public interface NodePart extends AutoCloseable {

    /** For log lines, e.g. {@code proxy}. */
    String name();

    /**
     * Starts on, or moves to, {@code config}. Throws (unchecked) when it cannot, e.g. a port is in
     * use: on the first configuration that stops the node from starting (exit 2); on a later one
     * it is logged and the part keeps what it had.
     */
    void apply(Config config);

    /**
     * Stops: closes listeners, lets in-flight work end as far as the part can. Called at stop for
     * every part, also one whose first {@link #apply} failed or never came.
     */
    @Override
    void close();
}
