package io.edgeplane.dns.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** One datagram in, at most one datagram back to its sender; errors never close the socket. */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final System.Logger LOG = System.getLogger(UdpQueryHandler.class.getName());

    private final QueryService service;

    UdpQueryHandler(QueryService service) {
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Channel channel = ctx.channel();
        InetSocketAddress sender = packet.sender();
        try {
            service.query(packet.content().nioBuffer(), sender, false, channel.eventLoop(),
                    bytes -> channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), sender), channel.voidPromise()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "query from {0} dropped: {1}", sender, e.toString());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket outlives any one bad packet or ICMP error.
        LOG.log(System.Logger.Level.DEBUG, "UDP listener: {0}", cause.toString());
    }
}
