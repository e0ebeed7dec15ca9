package io.edgeplane.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * nginx's lingering close for HTTP/1 client connections. When a response ends the connection
 * while the client may still be sending (a refused upload, an answer before the whole request,
 * a request refused with more bytes behind it), closing at once with unread bytes makes the
 * kernel answer with a reset, and the client may lose the very response it was sent. So the
 * proxy stops writing instead (a FIN, on plain connections), reads and discards what still
 * comes, and closes once the client has been quiet for {@link #QUIET_NANOS}, at its end of
 * stream, or after {@link #MAX_NANOS} (nginx: lingering_timeout 5 s, lingering_time 30 s).
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long start = System.nanoTime();
    private long lastRead = start;

    private LingeringClose() {
    }

    /** Lingers, then closes, once {@code written} (the last response bytes) is done. */
    static void after(ChannelFuture written) {
        written.addListener((ChannelFuture f) -> {
            Channel ch = f.channel();
            if (!f.isSuccess() || !ch.isActive()) {
                ch.close();
                return;
            }
            if (ch.pipeline().get(LingeringClose.class) != null) {
                return;                 // already lingering
            }
            LingeringClose linger = new LingeringClose();
            // First in the pipeline: the bytes still coming are dropped before any decoding.
            ch.pipeline().addFirst("linger", linger);
            if (ch instanceof DuplexChannel d && ch.pipeline().get(SslHandler.class) == null) {
                d.shutdownOutput();     // the client sees the end of the response now
            }
            ch.config().setAutoRead(true);
            linger.schedule(ch, QUIET_NANOS);
        });
    }

    private void schedule(Channel ch, long delayNanos) {
        ch.eventLoop().schedule(() -> check(ch), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(Channel ch) {
        long now = System.nanoTime();
        long quietLeft = lastRead + QUIET_NANOS - now;
        long maxLeft = start + MAX_NANOS - now;
        if (quietLeft <= 0 || maxLeft <= 0 || !ch.isActive()) {
            ch.close();
        } else {
            schedule(ch, Math.min(quietLeft, maxLeft));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Swallowed too: the handlers behind must not ask for (or act on) more.
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
