/**
 * Netty transport for DNS: UDP and TCP listeners that hand each query to a
 * {@link io.edgeplane.dns.net.QueryService}, and one-shot exchanges that ask another server
 * (the central, an upstream) from a fresh random port and match the answer to the question.
 */
package io.edgeplane.dns.net;
