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
    /** When the scheduled timer runs (valid while {@code timer} is set). */
    private long timerAt;
    /** When the clock of the current state runs out (AWAITING_HEAD and IDLE). */
    private long deadline;
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
        // The timer stays scheduled: finding EXCHANGE when it runs, it just lapses. Cancelling
        // and re-scheduling on every request costs more than the rare lapse.
        state = State.EXCHANGE;
    }

    /**
     * The exchange ended at {@code now} and the connection stays open for the next request;
     * {@code headStarted}: part of the next head was already read (ahead, during the exchange),
     * so the header timeout runs from now, not the keep-alive one.
     */
    void exchangeEnded(long now, boolean headStarted) {
        sawBytes = headStarted;
        arm(headStarted ? State.AWAITING_HEAD : State.IDLE, now);
    }

    /**
     * Moves the deadline; the timer is only re-scheduled when it would run too late, so on a
     * busy keep-alive connection one timer serves many requests (it re-checks when it runs).
     */
    private void arm(State next) {
        arm(next, System.nanoTime());
    }

    private void arm(State next, long now) {
        state = next;
        deadline = now + (next == State.IDLE ? keepAliveNanos : headerTimeoutNanos);
        if (timer != null && timerAt - deadline > 0) {
            cancel();
        }
        if (timer == null) {
            schedule(now);
        }
    }

    private void schedule(long now) {
        timerAt = deadline;
        timer = ctx.executor().schedule(this::expired, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive() || state == State.EXCHANGE) {
            return;
        }
        long now = System.nanoTime();
        if (deadline - now > 0) {
            schedule(now);      // the deadline moved on since this timer was set
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
