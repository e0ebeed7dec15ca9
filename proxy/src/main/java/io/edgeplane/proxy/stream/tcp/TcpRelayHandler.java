package io.edgeplane.proxy.stream.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Relays the bytes one side of a {@link TcpConnection} reads to the other side; one instance on
 * each channel. Backpressure as in Netty's HexDumpProxy: this side stops reading while the peer
 * cannot take more, and resumes when the peer's buffer drains below its low watermark. Bytes are
 * summed over a read batch and counted once at its end.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "relay";

    private final TcpConnection connection;
    private final Channel peer;
    private final boolean fromClient;
    private long batchBytes;

    TcpRelayHandler(TcpConnection connection, Channel peer, boolean fromClient) {
        this.connection = connection;
        this.peer = peer;
        this.fromClient = fromClient;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Both channels were created with auto-read off; reading starts now, unless the peer is
        // already full (the PROXY header alone never fills it, but be exact).
        if (peer.isWritable()) {
            resumeReading(ctx.channel());
        }
    }

    /**
     * Auto-read on, unless the input is already shut: epoll has then dropped the socket's read
     * interest, and asking for it again fails the channel.
     */
    static void resumeReading(Channel ch) {
        if (ch instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        ch.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            batchBytes += buf.readableBytes();
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        countBatch();
        peer.flush();
    }

    private void countBatch() {
        if (batchBytes > 0) {
            connection.relayed(fromClient, batchBytes);
            batchBytes = 0;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This side drained below its low watermark: the peer may read again.
        if (ctx.channel().isWritable()) {
            resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            connection.inputShutdown(ctx.channel());
        } else if (evt instanceof IdleStateEvent) {
            connection.closeNow();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        countBatch();
        connection.closeAfterFlush();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.failed(cause);
    }
}
