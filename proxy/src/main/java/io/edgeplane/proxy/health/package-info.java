/**
 * Readiness of containers, probed by the node: the service's {@code health} rule (an HTTP GET
 * whose status must be accepted) or, without one, a TCP connect to the container port.
 * {@link io.edgeplane.proxy.health.HealthProber} is the {@link io.edgeplane.conf.registry.Readiness}
 * the HTTP proxy, the TCP/UDP proxy and ElasticDNS share.
 */
package io.edgeplane.proxy.health;
