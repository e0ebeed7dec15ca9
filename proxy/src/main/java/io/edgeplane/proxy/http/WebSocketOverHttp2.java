package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two translations of WebSocket over HTTP/2 (RFC 8441) for a container that speaks
 * HTTP/1.1: an extended CONNECT becomes the Upgrade request, and the container's 101 becomes the
 * stream's 200. The HTTP/2 side has no Sec-WebSocket-Key/Accept (§5), so the proxy makes up the
 * key the container's handshake needs and drops the accept it answers with.
 */
final class WebSocketOverHttp2 {

    private static final String WEBSOCKET = "websocket";

    private WebSocketOverHttp2() {
    }

    /** Makes a CONNECT's headers (hop-by-hop ones already removed) those of an HTTP/1.1 Upgrade. */
    static void toUpgradeRequest(HttpHeaders headers, String protocol) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, protocol);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        if (WEBSOCKET.equalsIgnoreCase(protocol)) {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_KEY, Base64.getEncoder().encodeToString(nonce));
        }
    }

    /** The stream's answer to the container's 101: 200 with the end-to-end headers of the 101. */
    static HttpResponse toStreamResponse(HttpResponse switching) {
        HttpHeaders headers = switching.headers();
        HopByHopHeaders.strip(headers);
        headers.remove(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers);
    }
}
