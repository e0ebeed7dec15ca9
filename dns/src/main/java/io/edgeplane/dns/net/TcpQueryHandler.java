package io.edgeplane.dns.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;

/**
 * One length-framed query in (the frame decoder before it strips the length), its response out
 * with the length prepended. Several queries may be pipelined on one connection (RFC 7766).
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final System.Logger LOG = System.getLogger(TcpQueryHandler.class.getName());

    private final QueryService service;

    TcpQueryHandler(QueryService service) {
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        Channel channel = ctx.channel();
        InetSocketAddress sender = (InetSocketAddress) channel.remoteAddress();
        try {
            service.query(frame.nioBuffer(), sender, true, channel.eventLoop(), bytes -> {
                if (bytes.length <= 0xffff) {
                    // One pooled buffer with the length in front, not three wrappers around two arrays.
                    ByteBuf out = channel.alloc().ioBuffer(2 + bytes.length);
                    out.writeShort(bytes.length).writeBytes(bytes);
                    channel.writeAndFlush(out, channel.voidPromise());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "TCP query from {0} dropped: {1}", sender, e.toString());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "TCP client {0}: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
