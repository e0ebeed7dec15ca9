package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

import java.util.Queue;

/**
 * Netty's request encoder, noting each request's method for {@link UpstreamResponseParser}; a
 * request written past it as bytes notes its method with {@link #requestWrittenAround}.
 */
final class UpstreamRequestEncoder extends HttpRequestEncoder {

    private final Queue<HttpMethod> methods;

    UpstreamRequestEncoder(Queue<HttpMethod> methods) {
        this.methods = methods;
    }

    /** A request went out without this encoder (already bytes): its method, for the parser. */
    void requestWrittenAround(HttpMethod method) {
        methods.add(method);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest r) {
            methods.add(r.method());
        }
        super.write(ctx, msg, promise);
    }
}
