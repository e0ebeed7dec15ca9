package io.edgeplane.proxy;

import io.edgeplane.conf.model.Settings;
import java.time.Duration;

/**
 * The proxy's limits and timeouts: edge.yml's {@code proxy:} limits through {@link #from}, with
 * nginx-like defaults for the rest; tests pass small ones.
 *
 * @param eventLoopThreads        I/O threads; 0 = one per core
 * @param maxRequestLineLength    longer request lines get 414 (nginx large_client_header_buffers)
 * @param maxHeaderSize           larger header sections get 431
 * @param maxBodySize             larger bodies get 413; 0 = unlimited
 * @param headerReadTimeout       a request head not complete in this time gets 408 (client_header_timeout)
 * @param keepAliveTimeout        an idle client connection is closed after this (keepalive_timeout)
 * @param maxConnections          client connections beyond this are closed at once
 * @param connectTimeout          upstream connect timeout (proxy_connect_timeout)
 * @param readTimeout             upstream silence after the request was sent that gives 504 (proxy_read_timeout)
 * @param maxIdlePerUpstream      idle keep-alive connections kept per upstream and event loop (nginx
 *                                {@code keepalive}); an HTTP/2 client opening many streams needs one
 *                                upstream connection per stream in flight, and every one over the
 *                                cap is closed after its exchange and dialled anew for the next
 * @param upstreamIdleTimeout     an idle pooled upstream connection is closed after this
 * @param maxFails                passive health: failures within failTimeout that take an upstream out
 * @param failTimeout             passive health window and time out (nginx fail_timeout)
 * @param clientIdleTimeout       a client that sends no body bytes, or takes no response bytes, for
 *                                this long while an exchange waits on it is cut off (nginx
 *                                client_body_timeout and send_timeout)
 */
public record ProxyOptions(int eventLoopThreads, int maxRequestLineLength, int maxHeaderSize, long maxBodySize,
                           Duration headerReadTimeout, Duration keepAliveTimeout, int maxConnections,
                           Duration connectTimeout, Duration readTimeout, int maxIdlePerUpstream,
                           Duration upstreamIdleTimeout, int maxFails, Duration failTimeout,
                           Duration clientIdleTimeout) {

    public static ProxyOptions defaults() {
        return new ProxyOptions(0, 8192, 32768, 0, Duration.ofSeconds(60), Duration.ofSeconds(75), 10_000,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 64, Duration.ofSeconds(60), 1, Duration.ofSeconds(10),
                Duration.ofSeconds(60));
    }

    /** The options edge.yml's {@code proxy:} limits ask for; the rest as {@link #defaults()}. */
    public static ProxyOptions from(Settings.Limits limits) {
        ProxyOptions d = defaults();
        return new ProxyOptions(d.eventLoopThreads(), d.maxRequestLineLength(), d.maxHeaderSize(), limits.maxBodySize(),
                limits.headerTimeout(), limits.keepaliveTimeout(), limits.maxConnections(), limits.connectTimeout(),
                limits.readTimeout(), d.maxIdlePerUpstream(), d.upstreamIdleTimeout(), limits.maxFails(),
                limits.failTimeout(), d.clientIdleTimeout());
    }

    public ProxyOptions withMaxBodySize(long bytes) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, bytes, headerReadTimeout,
                keepAliveTimeout, maxConnections, connectTimeout, readTimeout, maxIdlePerUpstream, upstreamIdleTimeout,
                maxFails, failTimeout, clientIdleTimeout);
    }

    public ProxyOptions withTimeouts(Duration headerRead, Duration keepAlive, Duration connect, Duration read) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, maxBodySize, headerRead,
                keepAlive, maxConnections, connect, read, maxIdlePerUpstream, upstreamIdleTimeout, maxFails, failTimeout,
                clientIdleTimeout);
    }

    public ProxyOptions withMaxConnections(int max) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, maxBodySize, headerReadTimeout,
                keepAliveTimeout, max, connectTimeout, readTimeout, maxIdlePerUpstream, upstreamIdleTimeout, maxFails,
                failTimeout, clientIdleTimeout);
    }

    public ProxyOptions withLimits(int requestLine, int headers) {
        return new ProxyOptions(eventLoopThreads, requestLine, headers, maxBodySize, headerReadTimeout,
                keepAliveTimeout, maxConnections, connectTimeout, readTimeout, maxIdlePerUpstream, upstreamIdleTimeout,
                maxFails, failTimeout, clientIdleTimeout);
    }

    public ProxyOptions withPassiveHealth(int fails, Duration timeout) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, maxBodySize, headerReadTimeout,
                keepAliveTimeout, maxConnections, connectTimeout, readTimeout, maxIdlePerUpstream, upstreamIdleTimeout,
                fails, timeout, clientIdleTimeout);
    }

    public ProxyOptions withClientIdleTimeout(Duration timeout) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, maxBodySize, headerReadTimeout,
                keepAliveTimeout, maxConnections, connectTimeout, readTimeout, maxIdlePerUpstream, upstreamIdleTimeout,
                maxFails, failTimeout, timeout);
    }

    public ProxyOptions withUpstreamPool(int maxIdle, Duration idleTimeout) {
        return new ProxyOptions(eventLoopThreads, maxRequestLineLength, maxHeaderSize, maxBodySize, headerReadTimeout,
                keepAliveTimeout, maxConnections, connectTimeout, readTimeout, maxIdle, idleTimeout, maxFails, failTimeout,
                clientIdleTimeout);
    }
}
