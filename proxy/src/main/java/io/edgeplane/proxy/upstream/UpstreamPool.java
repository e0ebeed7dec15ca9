package io.edgeplane.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Idle keep-alive connections to upstreams, owned by one event loop and used only from it, so
 * it needs no locks: a downstream connection always dials from its own loop and its upstream
 * channel runs there too. Most recently used connections are handed out first (warm, and the
 * least likely to have been closed by the container); those idle longer than the idle timeout
 * are closed by a sweep. At most {@code maxIdlePerAddress} are kept per upstream.
 */
public final class UpstreamPool {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int maxIdlePerAddress;
    private final long idleTimeoutNanos;
    private final Map<InetSocketAddress, ArrayDeque<Idle>> idle = new HashMap<>();
    private final Predicate<InetSocketAddress> live;
    private ScheduledFuture<?> sweep;

    UpstreamPool(EventLoop loop, Bootstrap bootstrap, int maxIdlePerAddress, long idleTimeoutNanos,
                 Predicate<InetSocketAddress> live) {
        this.loop = loop;
        this.live = live;
        this.bootstrap = bootstrap;
        this.maxIdlePerAddress = maxIdlePerAddress;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** An idle connection to {@code address} that is still open, or null. */
    public Channel acquire(InetSocketAddress address) {
        assert loop.inEventLoop();
        ArrayDeque<Idle> deque = idle.get(address);
        while (deque != null && !deque.isEmpty()) {
            Channel ch = deque.pollLast().channel();
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** Opens a new connection on this loop; the caller attaches it to its exchange. */
    public ChannelFuture connect(InetSocketAddress address) {
        return bootstrap.connect(address);
    }

    /**
     * Keeps a connection whose last exchange ended cleanly (at {@code now}) for the next
     * request, or closes it.
     */
    public void release(Channel ch, InetSocketAddress address, long now) {
        assert loop.inEventLoop();
        if (!ch.isActive() || maxIdlePerAddress <= 0 || !live.test(address)) {
            // Not live: the container left the current version (or the inventory) while this
            // exchange ran; its next request would not come here.
            ch.close();
            return;
        }
        ArrayDeque<Idle> deque = idle.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (deque.size() >= maxIdlePerAddress) {
            ch.close();
            return;
        }
        deque.addLast(new Idle(ch, now));
        if (sweep == null) {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), idleTimeoutNanos / 2);
            sweep = loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Number of idle connections kept (for tests and metrics). */
    public int idleCount() {
        int n = 0;
        for (ArrayDeque<Idle> d : idle.values()) {
            n += d.size();
        }
        return n;
    }

    private void sweep() {
        long now = System.nanoTime();
        Iterator<ArrayDeque<Idle>> it = idle.values().iterator();
        while (it.hasNext()) {
            ArrayDeque<Idle> deque = it.next();
            // Oldest first: stop at the first one still young enough.
            while (!deque.isEmpty()) {
                Idle first = deque.peekFirst();
                if (first.channel().isActive() && now - first.since() < idleTimeoutNanos) {
                    break;
                }
                deque.pollFirst().channel().close();
            }
            if (deque.isEmpty()) {
                it.remove();
            }
        }
        if (idle.isEmpty() && sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }

    /** Closes idle connections to addresses new requests no longer go to. */
    void closeIdleNotLive() {
        Iterator<Map.Entry<InetSocketAddress, ArrayDeque<Idle>>> it = idle.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<InetSocketAddress, ArrayDeque<Idle>> e = it.next();
            if (!live.test(e.getKey())) {
                e.getValue().forEach(i -> i.channel().close());
                it.remove();
            }
        }
    }

    void closeAll() {
        for (ArrayDeque<Idle> deque : idle.values()) {
            for (Idle i : deque) {
                i.channel().close();
            }
        }
        idle.clear();
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }

    private record Idle(Channel channel, long since) {
    }
}
