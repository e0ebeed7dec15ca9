package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps client connections across all listeners of one proxy: a connection over the cap is
 * closed as soon as it is accepted, before a byte is read, so a flood costs an accept and a
 * close rather than buffers and upstream connections.
 */
@ChannelHandler.Sharable
public final class MaxConnectionsHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(MaxConnectionsHandler.class.getName());

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private volatile long lastWarning;

    public MaxConnectionsHandler(int max) {
        this.max = max;
    }

    /** Client connections open now, across every listener. */
    public int open() {
        return open.get();
    }

    /** Client connections closed at accept because {@code max_connections} were open. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            refused.increment();
            long now = System.nanoTime();
            if (now - lastWarning > 10_000_000_000L) {
                lastWarning = now;
                LOG.log(System.Logger.Level.WARNING, "more than {0} client connections: closing new ones", max);
            }
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
