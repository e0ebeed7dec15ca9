package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Netty's HTTP/2-to-HTTP/1 conversion leaves {@code x-http2-*} bookkeeping headers (stream id,
 * scheme, ...) on the request; they describe the client's hop, not the request, so they are
 * not forwarded to the container.
 */
final class Http2ExtensionHeaders {

    private Http2ExtensionHeaders() {
    }

    static void strip(HttpHeaders headers) {
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
    }
}
