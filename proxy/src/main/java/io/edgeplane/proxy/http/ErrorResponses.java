package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** The proxy's own answers: a status line and a one-line plain-text body, nothing else. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static FullHttpResponse of(HttpResponseStatus status, boolean close) {
        ByteBuf body = Unpooled.wrappedBuffer(
                (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.US_ASCII));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }

    /** The same response as raw bytes, for handlers that sit below the HTTP encoder. */
    static ByteBuf raw(HttpResponseStatus status) {
        String body = status.code() + " " + status.reasonPhrase() + "\n";
        String text = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
