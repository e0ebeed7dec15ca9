package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * Removes the headers that belong to one connection and must not be forwarded (RFC 9110
 * §7.6.1): Connection, Proxy-Connection, Keep-Alive, TE, Transfer-Encoding, Upgrade, and every
 * header the Connection header names. The proxy sets the framing of the next hop itself, so a
 * client cannot use Connection to strip Content-Length or Host and change how the container
 * reads the request; those two are never removed by name.
 */
final class HopByHopHeaders {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            int start = 0;
            while (start < value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String name = value.substring(start, end).trim();
                if (!name.isEmpty() && !HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                        && !HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                    headers.remove(name);
                }
                start = end + 1;
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.remove(HttpHeaderNames.UPGRADE);
    }
}
