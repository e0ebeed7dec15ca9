package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The upstream half of a proxied connection (Netty's HexDumpProxyBackendHandler shape): it
 * belongs to one upstream channel for that channel's whole life and is attached to one
 * client exchange at a time; between exchanges the channel sits in its loop's pool and
 * anything it receives (or its closing) just closes it.
 *
 * <p>It also keeps the read timeout (nginx {@code proxy_read_timeout}): armed once the request
 * is fully sent, it fires when the upstream has sent nothing for the timeout while the proxy
 * was willing to read (not while reading is paused because the client is slow).
 */
public final class ProxyBackendHandler extends ChannelInboundHandlerAdapter {

    private final long readTimeoutNanos;
    private ChannelHandlerContext ctx;
    /** The request encoder's context: what is written through it goes out past the encoder. */
    private ChannelHandlerContext encoderContext;
    private ProxyFrontendHandler exchange;
    private ScheduledFuture<?> timer;
    private long lastRead;
    private boolean armed;

    ProxyBackendHandler(long readTimeoutNanos) {
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.encoderContext = ctx.pipeline().context(UpstreamChannelInitializer.ENCODER);
    }

    /**
     * Writes a request head already encoded (an HTTP/1 client's, as bytes) past the codec's
     * encoder, noting its method for the response parser as the encoder would have.
     */
    void writeAroundEncoder(ByteBuf head, HttpMethod method) {
        ((UpstreamRequestEncoder) encoderContext.handler()).requestWrittenAround(method);
        encoderContext.write(head, encoderContext.voidPromise());
    }

    /** Writes request body bytes already framed (an HTTP/1 client's) past the codec's encoder. */
    void writeAroundEncoder(ByteBuf body) {
        encoderContext.write(body, encoderContext.voidPromise());
    }

    void attach(ProxyFrontendHandler frontend) {
        this.exchange = frontend;
    }

    void detach() {
        this.exchange = null;
        // The timer is left to lapse (or to serve the next exchange on this connection, which
        // re-arms it): cancelling and re-scheduling it for every request costs more.
        armed = false;
    }

    /** Starts the read timeout from {@code now} (a clock read the caller already made). */
    void armReadTimeout(long now) {
        lastRead = now;
        armed = true;
        if (timer == null && readTimeoutNanos > 0) {
            timer = ctx.executor().schedule(this::checkTimeout, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    void disarm() {
        armed = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void checkTimeout() {
        timer = null;
        if (exchange == null || !armed) {
            return;
        }
        long idle = System.nanoTime() - lastRead;
        if (idle >= readTimeoutNanos && ctx.channel().config().isAutoRead()) {
            exchange.upstreamTimedOut();
            return;
        }
        long next = ctx.channel().config().isAutoRead() ? readTimeoutNanos - idle : readTimeoutNanos;
        lastRead = ctx.channel().config().isAutoRead() ? lastRead : System.nanoTime();
        timer = ctx.executor().schedule(this::checkTimeout, Math.max(1, next), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyFrontendHandler e = exchange;
        if (e == null) {
            // Idle in the pool: a container that talks unasked is not one to reuse.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        e.upstreamRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Once per read burst, not per message, and only while the clock runs: a small response
        // usually ended the exchange (and disarmed it) within this burst.
        if (armed) {
            lastRead = System.nanoTime();
        }
        ProxyFrontendHandler e = exchange;
        if (e != null) {
            e.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ProxyFrontendHandler e = exchange;
        if (e != null) {
            e.upstreamWritabilityChanged(ctx.channel().isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ProxyFrontendHandler e = exchange;
        exchange = null;
        if (e != null) {
            e.upstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
