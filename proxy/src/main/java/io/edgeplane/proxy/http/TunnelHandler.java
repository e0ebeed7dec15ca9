package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * After a successful Upgrade (101), relays bytes to the peer channel both ways; one instance on
 * each side. Backpressure as in Netty's proxy example: stop reading this side while the peer
 * cannot take more, resume when it drains.
 *
 * <p>An HTTP/2 stream (WebSocket over HTTP/2, RFC 8441) is one side's channel too: its bytes
 * come and go as the stream codec's contents (DATA frames), and the end of the stream
 * (END_STREAM) is the end of the tunnel, as a closed connection is on the other side.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    private final Channel peer;
    /** The peer is an HTTP/2 stream: bytes go to it as contents, its end as END_STREAM. */
    private final boolean peerIsStream;

    private TunnelHandler(Channel peer, boolean peerIsStream) {
        this.peer = peer;
        this.peerIsStream = peerIsStream;
    }

    /**
     * Turns a client connection (or HTTP/2 stream) and its upstream connection into a byte
     * tunnel once the answer to the Upgrade has been written: the HTTP handlers leave both
     * pipelines (the frontend first, so whatever the client side still holds flows on to the
     * tunnel) and a tunnel handler joins each. An HTTP/2 stream keeps its frame codec.
     */
    static void splice(ChannelHandlerContext frontend, Channel upstream, boolean clientIsStream) {
        ChannelPipeline up = upstream.pipeline();
        up.addLast("tunnel", new TunnelHandler(frontend.channel(), clientIsStream));
        up.remove(UpstreamChannelInitializer.BACKEND);
        up.remove(UpstreamChannelInitializer.ENCODER);
        up.remove(UpstreamChannelInitializer.CODEC);

        ChannelPipeline client = frontend.pipeline();
        client.addLast("tunnel", new TunnelHandler(upstream, false));
        client.remove(frontend.handler());
        for (String name : clientIsStream ? HttpPipelines.HTTP2_STREAM_HANDLERS : HttpPipelines.HTTP_HANDLERS) {
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
        ByteBuf buf;
        boolean end = false;
        if (msg instanceof ByteBuf b) {
            buf = b;
        } else if (msg instanceof HttpContent content) {
            // From an HTTP/2 stream: its DATA; the last one ends the client's side.
            buf = content.content();
            end = content instanceof LastHttpContent;
        } else {
            // The last empty content of the 101 response, left by the codec that was just removed.
            ReferenceCountUtil.release(msg);
            return;
        }
        Object out = peerIsStream ? new DefaultHttpContent(buf) : buf;
        peer.write(out).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (end) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
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
            Object end = peerIsStream ? LastHttpContent.EMPTY_LAST_CONTENT : Unpooled.EMPTY_BUFFER;
            peer.writeAndFlush(end).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
