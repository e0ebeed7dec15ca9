package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;
import java.util.Queue;

/**
 * Netty's request decoder, configured strictly (CRLF line endings, RFC 9112 transfer codings,
 * no duplicate Content-Length), plus the one check it cannot be configured to make: obs-fold.
 * Netty silently joins a header line that starts with a space or tab to the previous one; RFC
 * 9112 §5.2 lets a server reject it instead, and a proxy should, because the container behind
 * may fold differently. So the head of each request is scanned once, byte by byte, before
 * Netty parses it; bodies are not scanned.
 *
 * <p>It also records the method of each well-formed request for the response encoder, which
 * must know which responses answer HEAD.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private final Queue<HttpMethod> methods;
    private boolean inHead = true;
    private boolean requestLine = true;
    private int lineLength;
    private int scanned;
    private boolean refused;

    StrictRequestDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods) {
        super(config);
        this.methods = methods;
    }

    static HttpDecoderConfig config(int maxRequestLine, int maxHeaderSize) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (inHead && !scanHead(in)) {
            refused = true;
            in.skipBytes(in.readableBytes());
            out.add(new FramingViolation("obs-fold (a header line starting with whitespace)"));
            return;
        }
        int before = in.readerIndex();
        int first = out.size();
        super.decode(ctx, in, out);
        scanned = Math.max(0, scanned - (in.readerIndex() - before));
        for (int i = first; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest r && r.decoderResult().isSuccess()) {
                methods.add(r.method());
            }
            if (o instanceof LastHttpContent) {
                // Netty stops exactly at the end of the message: what follows is the next head.
                inHead = true;
                requestLine = true;
                lineLength = 0;
                scanned = 0;
            }
        }
    }

    /** Scans bytes of the current head not seen before; false on obs-fold. */
    private boolean scanHead(ByteBuf in) {
        int end = in.writerIndex();
        int i = in.readerIndex() + scanned;
        for (; i < end; i++) {
            byte b = in.getByte(i);
            if (b == '\n') {
                if (!requestLine && lineLength == 0) {
                    inHead = false;      // the empty line: the head is complete
                    i++;
                    break;
                }
                if (lineLength > 0) {
                    requestLine = false; // empty lines before the request line are allowed
                }
                lineLength = 0;
            } else if (b != '\r') {
                if (lineLength == 0 && !requestLine && (b == ' ' || b == '\t')) {
                    return false;
                }
                lineLength++;
            }
        }
        scanned = i - in.readerIndex();
        return true;
    }
}
