package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

import java.util.Queue;

/** Netty's request encoder, noting each request's method for {@link UpstreamResponseParser}. */
final class UpstreamRequestEncoder extends HttpRequestEncoder {

    private final Queue<HttpMethod> methods;

    UpstreamRequestEncoder(Queue<HttpMethod> methods) {
        this.methods = methods;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest r) {
            methods.add(r.method());
        }
        super.write(ctx, msg, promise);
    }
}
