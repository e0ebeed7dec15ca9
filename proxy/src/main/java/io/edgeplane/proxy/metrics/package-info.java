/**
 * The proxy's meters for {@code /metrics}: requests by service and status class, upstream
 * latency as a histogram, and upstream connections in use and draining. An exchange adds to
 * plain {@code long}s of a cell that its event loop alone writes (no atomics, locks, clock reads
 * or allocation); the meters sum every thread's cells when scraped. Cells are resolved once per
 * connection and service; without a registry the proxy calls a no-op.
 */
package io.edgeplane.proxy.metrics;
