package io.edgeplane.proxy.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One service's counts from one thread: requests by status class, latency by bucket and the
 * latency sum, as plain {@code long}s that only the owning thread writes. The owner needs no
 * CAS, lock or clock to add one; opaque access is what keeps a scraping thread from reading a
 * torn or forever-stale value. Created by the owner (in its TLAB), so cells of different event
 * loops do not share cache lines.
 */
final class ExchangeCell implements ServiceMeters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FIRST_BUCKET = StatusClasses.COUNT;
    private static final int SUM = FIRST_BUCKET + LatencyBuckets.COUNT;

    private final ServiceCells service;
    private final Thread owner;
    /** Requests by status class, then the latency buckets (not cumulative), then the sum in ns. */
    private final long[] slots = new long[SUM + 1];
    /** Read and written by the owner only: whether the service has been told of a latency. */
    private boolean latencySeen;

    ExchangeCell(ServiceCells service, Thread owner) {
        this.service = service;
        this.owner = owner;
    }

    @Override
    public void exchange(int status, long upstreamNanos) {
        if (Thread.currentThread() != owner) {
            // A caller that moved threads would race the owner's plain read-add-write; it costs a
            // lookup instead. The proxy ends each exchange on its connection's event loop.
            service.cellOfCurrentThread().exchange(status, upstreamNanos);
            return;
        }
        int c = StatusClasses.of(status);
        long n = add(c, 1);
        if (n == 1) {
            service.firstRequest(c);    // once per thread and class: registers a meter if needed
        }
        if (upstreamNanos >= 0) {
            add(FIRST_BUCKET + LatencyBuckets.of(upstreamNanos), 1);
            add(SUM, upstreamNanos);
            if (!latencySeen) {
                latencySeen = true;
                service.firstLatency();
            }
        }
    }

    private long add(int slot, long delta) {
        long n = (long) SLOT.getOpaque(slots, slot) + delta;
        SLOT.setOpaque(slots, slot, n);
        return n;
    }

    private long read(int slot) {
        return (long) SLOT.getOpaque(slots, slot);
    }

    long requests(int statusClass) {
        return read(statusClass);
    }

    /** Latencies in one bucket alone (not cumulative): {@link LatencyBuckets#of}'s index. */
    long bucket(int index) {
        return read(FIRST_BUCKET + index);
    }

    long latencySumNanos() {
        return read(SUM);
    }
}
