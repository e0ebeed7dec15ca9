package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Re-frames a container's response head for the client's hop. The container's framing
 * headers describe the upstream connection and are dropped with the other hop-by-hop headers;
 * the client's framing is then chosen here: Content-Length passes through; a body without one
 * (chunked or close-delimited upstream) goes out chunked to HTTP/1.1 clients and
 * close-delimited to HTTP/1.0 clients; HTTP/2 frames bodies itself. The Connection header says
 * whether the client connection stays open.
 */
final class ResponseFraming {

    private ResponseFraming() {
    }

    /**
     * Rewrites {@code response} in place and returns whether the client connection must close
     * after it ({@code mustClose} in, possibly more reasons out).
     */
    static boolean prepare(HttpResponse response, boolean http2, boolean http10Client, boolean headRequest,
                           boolean clientKeepAlive, boolean mustClose) {
        HttpHeaders headers = response.headers();
        int code = response.status().code();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        HopByHopHeaders.strip(headers);
        boolean close = mustClose;
        if (http2) {
            return close;
        }
        if (!hasLength && code != 204 && code != 304) {
            if (http10Client) {
                if (!headRequest) {
                    close = true;    // HTTP/1.0 has no chunks: the close ends the body
                }
            } else if (!headRequest || chunked) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (!clientKeepAlive || close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10Client) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        return close;
    }
}
