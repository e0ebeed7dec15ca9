/**
 * The central ElasticDNS server on {@code dns.central_listen}: authoritative for the zone,
 * answering each question for the caller named by a trusted EDNS Client Subnet option (or the
 * sender) from the {@link io.edgeplane.dns.answer.Answerer} of the latest snapshot.
 */
package io.edgeplane.dns.central;
