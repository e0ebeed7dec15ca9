package io.edgeplane.proxy.stream.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a session's socket: the idle timeout (no datagram either way ends the session)
 * and the relay of the container's replies to the client. An error on the socket (the container's
 * port unreachable) ends the session; the client's next datagram starts a new one, on the next
 * container in turn.
 */
final class UdpSessionInitializer extends ChannelInitializer<Channel> {

    private final UdpSession session;
    private final long idleTimeoutNanos;

    UdpSessionInitializer(UdpSession session, long idleTimeoutNanos) {
        this.session = session;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new IdleStateHandler(0, 0, idleTimeoutNanos, TimeUnit.NANOSECONDS),
                new ReplyHandler(session));
    }

    private static final class ReplyHandler extends ChannelInboundHandlerAdapter {
        private final UdpSession session;

        ReplyHandler(UdpSession session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DatagramPacket packet) {
                session.reply(packet.content());
            } else if (msg instanceof ByteBuf buf) {
                session.reply(buf);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            session.replyComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
