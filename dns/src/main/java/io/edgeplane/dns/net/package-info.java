/**
 * DNS transport: UDP and TCP listeners that hand each query to a
 * {@link io.edgeplane.dns.net.QueryService} (UDP through Netty's channels, or read a batch at a
 * time by {@link io.edgeplane.dns.net.BatchedUdpSocket} with recvmmsg/sendmmsg through the FFM
 * API), and one-shot exchanges that ask another server (the central, an upstream) from a fresh
 * random port and match the answer to the question.
 */
package io.edgeplane.dns.net;
