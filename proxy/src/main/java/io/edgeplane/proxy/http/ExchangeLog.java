package io.edgeplane.proxy.http;

import io.edgeplane.proxy.log.AccessLog;
import io.edgeplane.proxy.log.AccessLogEntry;
import io.edgeplane.proxy.metrics.ServiceMeters;
import io.edgeplane.proxy.upstream.Upstream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What the access log needs from one exchange, collected as it happens (references and
 * numbers only; the writer thread formats). One instance per connection or stream, reset at
 * the start of each request. {@link #write} is the one place every exchange ends, so it also
 * counts the exchange on the service's meters.
 */
final class ExchangeLog {

    long startNanos;
    long upstreamNanos;
    int status;
    long bytesSent;
    private String method;
    private String uri;
    private String protocol;
    private String referer;
    private String userAgent;

    void begin() {
        startNanos = System.nanoTime();
        upstreamNanos = -1;
        status = 0;
        bytesSent = 0;
        method = null;
        uri = null;
        protocol = null;
        referer = null;
        userAgent = null;
    }

    /**
     * Captures an HTTP/2 stream's request as the client sent it, before any header is
     * rewritten; nothing when the log is off (the meters need none of it).
     */
    void request(HttpRequest head, AccessLog log) {
        if (log.enabled()) {
            capture(head.method().name(), head.uri(), "HTTP/2.0", head.headers().get(HttpHeaderNames.REFERER),
                    head.headers().get(HttpHeaderNames.USER_AGENT));
        }
    }

    /** The same for an HTTP/1 request. */
    void request(ClientRequestHead head, AccessLog log) {
        if (log.enabled()) {
            capture(head.method().name(), head.uri(), head.http10() ? "HTTP/1.0" : "HTTP/1.1",
                    head.header(HttpHeaderNames.REFERER), head.header(HttpHeaderNames.USER_AGENT));
        }
    }

    private void capture(String method, String uri, String protocol, String referer, String userAgent) {
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.referer = referer;
        this.userAgent = userAgent;
    }

    void write(AccessLog log, String clientIp, Upstream upstream, ServiceMeters meters) {
        meters.exchange(status, upstreamNanos);
        if (!log.enabled()) {
            return;
        }
        long requestNanos = System.nanoTime() - startNanos;
        // The wall-clock start, from the monotonic one: one clock read per request, not two.
        long startMillis = System.currentTimeMillis() - requestNanos / 1_000_000;
        log.log(new AccessLogEntry(clientIp, startMillis, method, uri, protocol, status, bytesSent, referer, userAgent,
                upstream == null ? null : upstream.addressText(), requestNanos, upstreamNanos));
    }
}
