package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.Iterator;
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
        List<String> named = null;     // removed after the walk: not while iterating the headers
        Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
        while (values.hasNext()) {
            String value = values.next().toString();
            int start = 0;
            while (start < value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                while (start < end && isSpace(value.charAt(start))) {
                    start++;
                }
                int last = end;
                while (last > start && isSpace(value.charAt(last - 1))) {
                    last--;
                }
                // keep-alive and close, by far the most common, name nothing still to remove.
                if (last > start && !is(value, start, last, HttpHeaderValues.KEEP_ALIVE)
                        && !is(value, start, last, HttpHeaderValues.CLOSE)) {
                    String name = value.substring(start, last);
                    if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                            && !HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                        if (named == null) {
                            named = new ArrayList<>(2);
                        }
                        named.add(name);
                    }
                }
                start = end + 1;
            }
        }
        if (named != null) {
            named.forEach(headers::remove);
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.remove(HttpHeaderNames.UPGRADE);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean is(String value, int start, int end, AsciiString token) {
        return end - start == token.length() && value.regionMatches(true, start, token.toString(), 0, token.length());
    }
}
