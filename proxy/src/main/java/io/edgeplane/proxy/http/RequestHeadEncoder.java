package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

import java.util.Iterator;
import java.util.Map;

/**
 * The head of a request for its container, in one buffer: request line and headers as the
 * frontend left them. What Netty's request encoder writes for a head, without its state machine
 * and output list, for the requests that are nothing but a head (no body to frame after it).
 * Characters are written as their low byte, which gives back the bytes the client sent: the
 * decoder read them as ISO-8859-1, and validated them.
 */
final class RequestHeadEncoder {

    private static final byte[] HTTP_1_1_CRLF = {' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n'};

    private RequestHeadEncoder() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, HttpRequest request) {
        ByteBuf buf = alloc.buffer(512);
        AsciiString method = request.method().asciiName();
        ByteBufUtil.copy(method, buf);
        buf.writeByte(' ');
        ByteBufUtil.writeAscii(buf, request.uri());
        buf.writeBytes(HTTP_1_1_CRLF);
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = request.headers().iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = headers.next();
            write(buf, h.getKey());
            buf.writeShort((':' << 8) | ' ');
            write(buf, h.getValue());
            buf.writeShort(('\r' << 8) | '\n');
        }
        buf.writeShort(('\r' << 8) | '\n');
        return buf;
    }

    private static void write(ByteBuf buf, CharSequence s) {
        if (s instanceof AsciiString a) {
            ByteBufUtil.copy(a, buf);
        } else {
            ByteBufUtil.writeAscii(buf, s);
        }
    }
}
