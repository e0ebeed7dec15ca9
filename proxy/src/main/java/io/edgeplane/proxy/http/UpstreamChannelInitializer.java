package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** The pipeline of an upstream connection: HTTP/1.1 client codec, then the backend handler. */
@ChannelHandler.Sharable
public final class UpstreamChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "codec";
    static final String BACKEND = "backend";

    private final long readTimeoutNanos;

    public UpstreamChannelInitializer(long readTimeoutNanos) {
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(64 * 1024)
                .setMaxChunkSize(64 * 1024);
        ch.pipeline()
                .addLast(CODEC, new UpstreamHttpCodec(config))
                .addLast(BACKEND, new ProxyBackendHandler(readTimeoutNanos));
    }
}
