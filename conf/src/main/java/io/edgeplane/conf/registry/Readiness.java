package io.edgeplane.conf.registry;

import io.edgeplane.conf.model.Container;

/**
 * Whether a container may get new traffic and appear in DNS answers: live state of the node
 * (health probes), not configuration, so it is not in the snapshots. The proxy, the TCP/UDP
 * proxy and ElasticDNS all ask the same one, and recompile what they serve when it changes.
 */
public interface Readiness {

    /** Before any probing: every container with an address is ready. */
    Readiness ADDRESSED = c -> c.address() != null;

    boolean ready(Container container);

    /**
     * Calls {@code listener} (on any thread, never concurrently with itself) after the readiness
     * of any container changed; the returned handle stops it.
     */
    default AutoCloseable onChange(Runnable listener) {
        return () -> {
        };
    }
}
