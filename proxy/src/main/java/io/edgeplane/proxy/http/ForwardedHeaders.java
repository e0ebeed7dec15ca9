package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The headers that tell the container who really asked: X-Forwarded-For (the client appended
 * to whatever list it sent, as nginx's {@code $proxy_add_x_forwarded_for}), X-Real-IP,
 * X-Forwarded-Proto and X-Forwarded-Host (the Host the client sent).
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

    private ForwardedHeaders() {
    }

    static void apply(HttpHeaders headers, String clientIp, String scheme, String host) {
        String previous = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, previous == null || previous.isBlank() ? clientIp : previous + ", " + clientIp);
        headers.set(X_REAL_IP, clientIp);
        headers.set(X_FORWARDED_PROTO, scheme);
        if (host != null && !host.isEmpty()) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
    }
}
