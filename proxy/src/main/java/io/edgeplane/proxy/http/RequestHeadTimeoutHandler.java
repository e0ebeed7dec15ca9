package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The client-side clocks of a keep-alive connection, below the HTTP codec so it sees raw bytes:
 * <ul>
 *   <li>between requests, a connection that sends nothing for the keep-alive timeout is closed
 *       silently (nginx {@code keepalive_timeout});</li>
 *   <li>once a request has begun (first byte, or the connection was just opened), its head must
 *       be complete within the header timeout or the client gets 408 and the connection is
 *       closed (nginx {@code client_header_timeout}); a connection that never sent a byte is
 *       closed without an answer (browsers open spare connections and may never use them);</li>
 *   <li>while an exchange is in flight no clock runs here: the upstream's timeouts govern.</li>
 * </ul>
 * The frontend tells it when a head was read and when an exchange ended.
 */
final class RequestHeadTimeoutHandler extends ChannelInboundHandlerAdapter {

    private enum State { AWAITING_HEAD, IDLE, EXCHANGE }

    private final long headerTimeoutNanos;
    private final long keepAliveNanos;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_HEAD;
    private ScheduledFuture<?> timer;
    private boolean sawBytes;

    RequestHeadTimeoutHandler(long headerTimeoutNanos, long keepAliveNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.keepAliveNanos = keepAliveNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            arm(State.AWAITING_HEAD);   // added once TLS and ALPN are done
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null && state == State.AWAITING_HEAD) {
            arm(State.AWAITING_HEAD);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            sawBytes = true;
            if (state == State.IDLE) {
                arm(State.AWAITING_HEAD);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A complete request head was read: the exchange's own clocks take over. */
    void headReceived() {
        cancel();
        state = State.EXCHANGE;
    }

    /** The exchange ended and the connection stays open for the next request. */
    void exchangeEnded() {
        sawBytes = false;
        arm(State.IDLE);
    }

    private void arm(State next) {
        cancel();
        state = next;
        long delay = next == State.IDLE ? keepAliveNanos : headerTimeoutNanos;
        timer = ctx.executor().schedule(this::expired, delay, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (state == State.AWAITING_HEAD && !sawBytes) {
            ctx.close();
        } else if (state == State.AWAITING_HEAD) {
            ctx.writeAndFlush(ErrorResponses.raw(HttpResponseStatus.REQUEST_TIMEOUT))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (state == State.IDLE) {
            ctx.close();
        }
    }
}
