package io.edgeplane.proxy.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passive health of one upstream, as nginx's {@code max_fails}/{@code fail_timeout}: after
 * {@code maxFails} failures (connect error, timeout, close before a response) within
 * {@code failTimeout}, the upstream is skipped for {@code failTimeout}; then it gets traffic
 * again and one more failure takes it out again. A response resets the count.
 *
 * <p>Updated from every event loop without locks; races only blur the count by one, which
 * nginx (one counter per worker) tolerates as well.
 */
public final class PassiveHealth {

    private final int maxFails;
    private final long failTimeoutNanos;
    private final AtomicInteger fails = new AtomicInteger();
    private volatile long windowStart;
    private volatile long downUntil;
    private volatile boolean down;

    public PassiveHealth(int maxFails, long failTimeoutNanos) {
        this.maxFails = maxFails;
        this.failTimeoutNanos = failTimeoutNanos;
    }

    /** Whether the upstream may get a request now. */
    public boolean available(long now) {
        return maxFails <= 0 || !down || now - downUntil >= 0;
    }

    public void failed(long now) {
        if (maxFails <= 0) {
            return;
        }
        if (now - windowStart > failTimeoutNanos) {
            windowStart = now;
            fails.set(0);
        }
        if (fails.incrementAndGet() >= maxFails) {
            downUntil = now + failTimeoutNanos;
            down = true;
        }
    }

    public void succeeded() {
        if (down || fails.get() != 0) {
            fails.set(0);
            down = false;
        }
    }
}
