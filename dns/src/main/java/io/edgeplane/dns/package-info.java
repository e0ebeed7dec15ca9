/**
 * ElasticDNS: the central answerer (authoritative for the zone, caller-aware) and the caching
 * node client every server runs. {@link io.edgeplane.dns.DnsMain} starts both from the three
 * configuration files until the edge module wires them into {@code edge run}.
 */
package io.edgeplane.dns;
