/**
 * The registry: the current configuration as a revisioned, immutable {@link
 * io.edgeplane.conf.registry.Snapshot} that parts subscribe to. A change is committed only when
 * the whole new configuration validates, and {@link io.edgeplane.conf.registry.DurableRegistry}
 * writes it to disk before acknowledging it, so an acknowledged revision survives {@code kill -9}.
 */
package io.edgeplane.conf.registry;
