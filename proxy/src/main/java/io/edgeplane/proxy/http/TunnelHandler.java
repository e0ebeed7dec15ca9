package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;

/**
 * After a successful Upgrade (101), relays raw bytes to the peer channel both ways; one
 * instance on each side. Backpressure as in Netty's proxy example: stop reading this side
 * while the peer cannot take more, resume when it drains.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    private final Channel peer;

    TunnelHandler(Channel peer) {
        this.peer = peer;
    }

    /**
     * Turns a client connection and its upstream connection into a byte tunnel once the 101
     * has been written: the HTTP handlers leave both pipelines (the frontend first, so whatever
     * the client codec still holds flows on to the tunnel) and a tunnel handler joins each.
     */
    static void splice(ChannelHandlerContext frontend, Channel upstream) {
        ChannelPipeline up = upstream.pipeline();
        up.addLast("tunnel", new TunnelHandler(frontend.channel()));
        up.remove(UpstreamChannelInitializer.BACKEND);
        up.remove(UpstreamChannelInitializer.ENCODER);
        up.remove(UpstreamChannelInitializer.CODEC);

        ChannelPipeline client = frontend.pipeline();
        client.addLast("tunnel", new TunnelHandler(upstream));
        client.remove(frontend.handler());
        for (String name : HttpPipelines.HTTP_HANDLERS) {
            if (client.get(name) != null) {
                client.remove(name);
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(peer.isWritable());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            // The last empty content of the 101 response, left by the codec that was just removed.
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.write(buf).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // This side drained: the peer may read again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
