package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;

import java.time.Duration;
import java.util.Map;

/**
 * Timeouts and limits of the TCP/UDP proxy, with nginx {@code stream} defaults where nginx has one.
 *
 * @param eventLoopThreads I/O threads; 0 = one per core
 * @param connectTimeout   a container that does not accept within this is skipped for the next
 *                         one (nginx proxy_connect_timeout; 10 s like the HTTP proxy's default)
 * @param tcpIdleTimeout   a connection with no byte moving either way for this long is closed
 *                         (nginx proxy_timeout, 10 min)
 * @param udpIdleTimeout   a UDP session with no datagram either way for this long ends. nginx
 *                         uses proxy_timeout (10 min) here too, which keeps a socket per client for
 *                         ten minutes after a DNS-like exchange; 60 s is Envoy's UDP default and
 *                         longer than the usual NAT UDP timeouts (30–180 s), so clients that keep a
 *                         flow alive are never cut while one-shot clients are forgotten soon
 * @param maxDatagramSize  the largest datagram relayed whole (65 507 = the IPv4 maximum payload;
 *                         a smaller value truncates larger datagrams)
 * @param maxPendingDatagrams datagrams held per new session while its socket connects; more are dropped
 * @param proxyProtocol    per service name: the PROXY protocol header its TCP containers get
 *                         (until service.yml has a key for it)
 */
public record StreamOptions(int eventLoopThreads, Duration connectTimeout, Duration tcpIdleTimeout,
                            Duration udpIdleTimeout, int maxDatagramSize, int maxPendingDatagrams,
                            Map<String, ProxyProtocol> proxyProtocol) {

    public StreamOptions {
        proxyProtocol = Map.copyOf(proxyProtocol);
    }

    public static StreamOptions defaults() {
        return new StreamOptions(0, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(60), 65_507,
                64, Map.of());
    }

    public ProxyProtocol proxyProtocolOf(String service) {
        return proxyProtocol.getOrDefault(service, ProxyProtocol.NONE);
    }

    public StreamOptions withEventLoopThreads(int threads) {
        return new StreamOptions(threads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, proxyProtocol);
    }

    public StreamOptions withTimeouts(Duration connect, Duration tcpIdle, Duration udpIdle) {
        return new StreamOptions(eventLoopThreads, connect, tcpIdle, udpIdle, maxDatagramSize, maxPendingDatagrams,
                proxyProtocol);
    }

    public StreamOptions withProxyProtocol(String service, ProxyProtocol version) {
        Map<String, ProxyProtocol> copy = new java.util.HashMap<>(proxyProtocol);
        copy.put(service, version);
        return new StreamOptions(eventLoopThreads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, copy);
    }
}
