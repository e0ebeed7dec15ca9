package io.edgeplane.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.time.Duration;

/**
 * Every open client connection of one proxy, so that a stop can wind each down the way its
 * protocol allows: HTTP/2 gets GOAWAY and keeps its open streams until they end (or the drain
 * timeout), HTTP/1 finishes its exchange with {@code Connection: close} (idle ones close now),
 * an upgraded tunnel runs on until the drain timeout, a half-done TLS handshake is cut.
 * Placed right after the connection cap, so refused connections are never counted.
 */
@ChannelHandler.Sharable
public final class ClientConnections extends ChannelInboundHandlerAdapter {

    private final ChannelGroup clients = new DefaultChannelGroup("edge-clients", GlobalEventExecutor.INSTANCE);

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        clients.add(ctx.channel());
        super.channelActive(ctx);
    }

    public int open() {
        return clients.size();
    }

    /** Asks every connection to finish what it is doing and close; returns at once. */
    public void stopGracefully(Duration drainTimeout) {
        long millis = Math.max(0, drainTimeout.toMillis());
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> stop(ch, millis));
        }
    }

    private static void stop(Channel ch, long drainMillis) {
        if (!ch.isActive()) {
            return;
        }
        Http2FrameCodec h2 = ch.pipeline().get(Http2FrameCodec.class);
        if (h2 != null) {
            // Netty's graceful close: GOAWAY with the last stream id, then the close waits for
            // the open streams to end, at most this long.
            h2.gracefulShutdownTimeoutMillis(drainMillis);
            ch.close();
            return;
        }
        if (ch.pipeline().get(ProxyFrontendHandler.class) != null) {
            ch.pipeline().fireUserEventTriggered(GracefulStop.INSTANCE);
        } else if (ch.pipeline().get(TunnelHandler.class) == null) {
            ch.close();   // before ALPN chose a protocol: nothing in flight yet
        }
    }

    /** Closes every connection now (the drain timeout passed). */
    public void closeAll() {
        clients.close();
    }
}
