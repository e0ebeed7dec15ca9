package io.edgeplane.proxy.http;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Turns the decoder's bursts into pull: each request for a message from the handler after it
 * delivers exactly one decoded message, from what is queued or else from a socket read. This is
 * what lets the frontend take a request body only as fast as the upstream drains it, and hold
 * pipelined requests until the response before them is done.
 *
 * <p>On an HTTP/1 connection ({@code readAhead}) the socket stays readable between requests
 * (auto-read on) and reading stops only once a message waits that nobody asked for (a body the
 * upstream cannot take yet, a pipelined request): turning reading off and on around every
 * request cost two epoll_ctl calls per request, nginx's workers none. There the frontend asks
 * with {@link #request()}, not {@code read()}: with auto-read on, Netty itself calls {@code
 * read()} after every socket read, which must not count as the frontend asking. On an HTTP/2
 * stream each {@code read()} is the ask and is passed on, which is what returns flow-control
 * credit to the client.
 *
 * <p>Netty's own FlowControlHandler does the same but loses the demand when {@code read()} is
 * called from inside the {@code channelRead} it is delivering (its {@code shouldConsume} is
 * reset after the nested call set it), which stalls a streamed upload; this one counts demand
 * in a loop instead of recursing.
 */
final class OneMessagePerReadHandler extends ChannelDuplexHandler {

    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    private final boolean readAhead;
    private ChannelHandlerContext ctx;
    private boolean demand;
    private boolean delivering;

    OneMessagePerReadHandler(boolean readAhead) {
        this.readAhead = readAhead;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The next message, please (HTTP/1: the frontend's ask). */
    void request() {
        demand = true;
        if (!delivering) {
            deliver(ctx);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (readAhead) {
            ctx.read();                 // Netty's own, or a read the frontend did not mean as an ask
        } else {
            request();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        queue.add(msg);
        if (!delivering) {
            deliver(ctx);
        }
        if (readAhead && !queue.isEmpty()) {
            ChannelConfig config = ctx.channel().config();
            if (config.isAutoRead()) {
                config.setAutoRead(false);      // a message waits: read no further until asked
            }
        }
    }

    private void deliver(ChannelHandlerContext ctx) {
        delivering = true;
        try {
            while (demand && !queue.isEmpty()) {
                demand = false;
                ctx.fireChannelRead(queue.poll());
            }
        } finally {
            delivering = false;
        }
        if (demand && queue.isEmpty()) {
            if (!readAhead) {
                ctx.read();
            } else if (!ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);   // starts a read too
            }
            // else: the socket is read as bytes come; the next message is delivered then.
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Removed for a tunnel: whatever was decoded but not yet asked for moves on.
        while (!queue.isEmpty()) {
            ctx.fireChannelRead(queue.poll());
        }
    }

    private void release() {
        while (!queue.isEmpty()) {
            ReferenceCountUtil.release(queue.poll());
        }
    }
}
