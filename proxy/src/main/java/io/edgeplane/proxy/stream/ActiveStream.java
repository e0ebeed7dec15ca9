package io.edgeplane.proxy.stream;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * A TCP connection or UDP session relayed to one container. It stays on that container for its
 * whole life; when a new table no longer routes its port there (a deploy, a removed container, a
 * removed port) it drains: it carries on until it ends by itself or the table's drain timeout
 * passes, then it is closed. Its drain timer lives on its event loop; {@link #review} may be
 * called from any thread.
 */
public abstract class ActiveStream {

    private final EventLoop loop;
    private final StreamTarget target;
    private final int port;
    private final boolean udp;
    private volatile ScheduledFuture<?> drain;
    private boolean ended;

    protected ActiveStream(EventLoop loop, StreamTarget target, int port, boolean udp) {
        this.loop = loop;
        this.target = target;
        this.port = port;
        this.udp = udp;
    }

    public StreamTarget target() {
        return target;
    }

    public int port() {
        return port;
    }

    public boolean udp() {
        return udp;
    }

    /** Starts draining when {@code table} no longer routes this port to this container; stops when it does again. */
    public final void review(StreamTable table) {
        StreamRoute route = udp ? table.udp(port) : table.tcp(port);
        boolean routed = route != null && route.routesTo(target);
        long timeoutNanos = table.drainTimeout().toNanos();
        if (loop.inEventLoop()) {
            apply(routed, timeoutNanos);
        } else {
            loop.execute(() -> apply(routed, timeoutNanos));
        }
    }

    /** Whether a drain timer runs (the container is no longer current for this port). */
    public final boolean draining() {
        return drain != null;
    }

    private void apply(boolean routed, long timeoutNanos) {
        if (ended) {
            return;
        }
        if (routed) {
            // Current again (a rollback, a readiness flap): no reason to cut it any more.
            if (drain != null) {
                drain.cancel(false);
                drain = null;
            }
        } else if (drain == null) {
            drain = loop.schedule(this::drainTimedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void drainTimedOut() {
        drain = null;
        if (!ended) {
            closeNow();
        }
    }

    /** Called on the event loop once the stream has ended, whatever ended it. */
    protected final void ended() {
        ended = true;
        if (drain != null) {
            drain.cancel(false);
            drain = null;
        }
    }

    /** Ends the stream at once (drain timeout passed, or the proxy closes); on the event loop. */
    protected abstract void closeNow();

    /** {@link #closeNow} from any thread. */
    public final void close() {
        if (loop.inEventLoop()) {
            closeNow();
        } else {
            loop.execute(this::closeNow);
        }
    }
}
