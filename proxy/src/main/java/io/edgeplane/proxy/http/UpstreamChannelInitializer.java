package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** The pipeline of an upstream connection: HTTP/1.1 client codec, then the backend handler. */
@ChannelHandler.Sharable
public final class UpstreamChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "codec";
    static final String BACKEND = "backend";

    /** The longest response head (and trailer section) a container may send. */
    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    private final long readTimeoutNanos;

    public UpstreamChannelInitializer(long readTimeoutNanos) {
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(CODEC, new UpstreamHttpCodec(MAX_RESPONSE_HEAD))
                .addLast(BACKEND, new ProxyBackendHandler(readTimeoutNanos));
    }
}
