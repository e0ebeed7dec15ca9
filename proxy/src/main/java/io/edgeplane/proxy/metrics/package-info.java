/**
 * The proxy's meters for {@code /metrics}: requests by service and status class, upstream
 * latency as a histogram, and upstream connections in use and draining. The per-request path
 * only increments meters resolved once per service; without a registry it calls a no-op.
 */
package io.edgeplane.proxy.metrics;
