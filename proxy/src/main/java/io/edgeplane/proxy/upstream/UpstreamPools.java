package io.edgeplane.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@link UpstreamPool} per event loop of the proxy's group, fixed at start so that looking
 * one up is a read of an immutable map.
 */
public final class UpstreamPools {

    private final Map<EventExecutor, UpstreamPool> pools;
    /** Null until the first table: before any configuration every address is live. */
    private volatile Set<InetSocketAddress> live;

    public UpstreamPools(EventLoopGroup group, Class<? extends SocketChannel> channelClass, ChannelHandler initializer,
                         Duration connectTimeout, int maxIdlePerAddress, Duration idleTimeout) {
        Map<EventExecutor, UpstreamPool> map = new IdentityHashMap<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(channelClass)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                    .handler(initializer);
            map.put(loop, new UpstreamPool(loop, bootstrap, maxIdlePerAddress, idleTimeout.toNanos(), this::isLive));
        }
        this.pools = map;
    }

    /** The pool of the given loop; callers pass their channel's own loop. */
    public UpstreamPool of(EventLoop loop) {
        UpstreamPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalStateException("event loop not of this proxy: " + loop);
        }
        return pool;
    }

    private boolean isLive(InetSocketAddress address) {
        Set<InetSocketAddress> l = live;
        return l == null || l.contains(address);
    }

    /**
     * Only {@code addresses} get new requests now: idle connections to any other are closed
     * (each on its own loop), and connections to them that finish an exchange later are closed
     * instead of pooled. In-use connections are left alone: they drain.
     */
    public void retainLive(Set<InetSocketAddress> addresses) {
        live = Set.copyOf(addresses);
        pools.forEach((loop, pool) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(pool::closeIdleNotLive);
            }
        });
    }

    /** Closes every idle connection, each on its own loop. */
    public void closeAll() {
        pools.forEach((loop, pool) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(pool::closeAll);
            }
        });
    }
}
