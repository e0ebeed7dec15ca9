package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.conf.model.Settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Timeouts and limits of the TCP/UDP proxy, with nginx {@code stream} defaults where nginx has
 * one: edge.yml's {@code proxy:} keys through {@link #from}, tests pass small ones.
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
 * @param maxFails         passive health, as the HTTP proxy's: connect failures within
 *                         {@code failTimeout} that take a container's TCP port out; 0 = never
 * @param failTimeout      passive health window, and how long a container stays out
 * @param maxConnectionsPerPort open TCP connections, or UDP sessions, per listening port; more
 *                         connections are closed at once and datagrams that would start more
 *                         sessions dropped (nginx limit_conn keyed by port); 0 = unlimited
 */
public record StreamOptions(int eventLoopThreads, Duration connectTimeout, Duration tcpIdleTimeout,
                            Duration udpIdleTimeout, int maxDatagramSize, int maxPendingDatagrams,
                            Map<String, ProxyProtocol> proxyProtocol, int maxFails, Duration failTimeout,
                            int maxConnectionsPerPort) {

    public StreamOptions {
        proxyProtocol = Map.copyOf(proxyProtocol);
    }

    public static StreamOptions defaults() {
        Settings.Limits limits = Settings.Limits.defaults();
        return new StreamOptions(0, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(60), 65_507,
                64, Map.of(), limits.maxFails(), limits.failTimeout(), 0);
    }

    /**
     * The options edge.yml's {@code proxy:} asks for: the stream keys
     * ({@code stream_idle_timeout}, {@code udp_session_timeout}, {@code stream_connect_timeout},
     * {@code max_stream_connections}) and the passive health shared with the HTTP proxy
     * ({@code max_fails}, {@code fail_timeout}); the rest as {@link #defaults()}.
     */
    public static StreamOptions from(Settings.Proxy proxy) {
        StreamOptions d = defaults();
        Settings.StreamLimits streams = proxy.streams();
        return new StreamOptions(d.eventLoopThreads, streams.connectTimeout(), streams.idleTimeout(),
                streams.udpSessionTimeout(), d.maxDatagramSize, d.maxPendingDatagrams, d.proxyProtocol,
                proxy.limits().maxFails(), proxy.limits().failTimeout(), streams.maxConnections());
    }

    public ProxyProtocol proxyProtocolOf(String service) {
        return proxyProtocol.getOrDefault(service, ProxyProtocol.NONE);
    }

    public StreamOptions withEventLoopThreads(int threads) {
        return new StreamOptions(threads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, proxyProtocol, maxFails, failTimeout, maxConnectionsPerPort);
    }

    public StreamOptions withTimeouts(Duration connect, Duration tcpIdle, Duration udpIdle) {
        return new StreamOptions(eventLoopThreads, connect, tcpIdle, udpIdle, maxDatagramSize, maxPendingDatagrams,
                proxyProtocol, maxFails, failTimeout, maxConnectionsPerPort);
    }

    public StreamOptions withProxyProtocol(String service, ProxyProtocol version) {
        Map<String, ProxyProtocol> copy = new HashMap<>(proxyProtocol);
        copy.put(service, version);
        return new StreamOptions(eventLoopThreads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, copy, maxFails, failTimeout, maxConnectionsPerPort);
    }

    public StreamOptions withPassiveHealth(int fails, Duration timeout) {
        return new StreamOptions(eventLoopThreads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, proxyProtocol, fails, timeout, maxConnectionsPerPort);
    }

    public StreamOptions withMaxConnectionsPerPort(int max) {
        return new StreamOptions(eventLoopThreads, connectTimeout, tcpIdleTimeout, udpIdleTimeout, maxDatagramSize,
                maxPendingDatagrams, proxyProtocol, maxFails, failTimeout, max);
    }
}
