package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;

/**
 * The pipeline of an upstream connection: {@link UpstreamResponseParser} in, Netty's request
 * encoder out (for HTTP/2 streams' requests; HTTP/1 clients' bytes go past it), then the
 * backend handler. Parser and encoder share the queue of methods sent, which the parser needs
 * to know which responses answer HEAD.
 */
@ChannelHandler.Sharable
public final class UpstreamChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "codec";
    static final String ENCODER = "encoder";
    static final String BACKEND = "backend";

    /** The longest response head (and trailer section) a container may send. */
    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private final long readTimeoutNanos;

    public UpstreamChannelInitializer(long readTimeoutNanos) {
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        ch.pipeline()
                .addLast(CODEC, new UpstreamResponseParser(methods, MAX_RESPONSE_HEAD))
                .addLast(ENCODER, new UpstreamRequestEncoder(methods))
                .addLast(BACKEND, new ProxyBackendHandler(readTimeoutNanos));
    }
}
