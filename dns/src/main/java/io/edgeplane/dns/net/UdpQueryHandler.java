package io.edgeplane.dns.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram in, at most one datagram back to its sender; errors never close the socket.
 * One instance per socket, so its scratch buffer is only touched by that socket's event loop.
 * Answers made during a read are written and flushed once per read batch (one sendmmsg with
 * epoll instead of a sendmsg each); answers that come later (fetches) are flushed at once.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final System.Logger LOG = System.getLogger(UdpQueryHandler.class.getName());
    /**
     * The largest UDP answer there is; the fast path writes here, then copies what it wrote. A
     * heap buffer: copying a direct ByteBuffer into Netty's pooled buffer makes a new
     * DirectByteBuffer slice per answer (a quarter of the bytes this path allocated, by JFR).
     */
    private static final int MAX_ANSWER = 0xffff;
    /** Larger queries (the receive buffer is 4096 bytes) are read through a new ByteBuffer. */
    private static final int MAX_QUERY = 4096;

    private final QueryService service;
    private final ByteBuffer scratch = ByteBuffer.allocate(MAX_ANSWER);
    private final ByteBuffer queryScratch = ByteBuffer.allocate(MAX_QUERY);
    private boolean unflushed;

    UdpQueryHandler(QueryService service) {
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        ByteBuf content = packet.content();
        try {
            ByteBuffer in = query(content);
            scratch.clear();
            int n = service.answerNow(in, sender.getAddress(), scratch);
            if (n >= 0) {
                ByteBuf out = ctx.alloc().directBuffer(n);
                out.writeBytes(scratch.array(), 0, n);
                ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
                unflushed = true;
                return;
            }
            Channel channel = ctx.channel();
            service.query(in, sender, false, channel.eventLoop(),
                    bytes -> channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), sender), channel.voidPromise()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "query from {0} dropped: {1}", sender, e.toString());
        }
    }

    /**
     * The query as a ByteBuffer without allocating one: copied into a heap scratch buffer (a
     * query is tens of bytes). Netty hands slices of its receive buffer, whose nioBuffer and
     * internalNioBuffer both allocate a new DirectByteBuffer per packet.
     */
    private ByteBuffer query(ByteBuf content) {
        int n = content.readableBytes();
        if (n > queryScratch.capacity()) {
            return content.nioBuffer();
        }
        content.getBytes(content.readerIndex(), queryScratch.array(), 0, n);
        return queryScratch.clear().limit(n);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket outlives any one bad packet or ICMP error.
        LOG.log(System.Logger.Level.DEBUG, "UDP listener: {0}", cause.toString());
    }
}
