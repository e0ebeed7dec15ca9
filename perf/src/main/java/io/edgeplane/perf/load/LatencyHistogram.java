package io.edgeplane.perf.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, counted lock-free: exact below 128 us, then 64 buckets per power of
 * two (a bucket is at most 1.6% wide), up to about 38 hours. Percentiles are the middle of their
 * bucket; the maximum is exact.
 */
final class LatencyHistogram {

    private static final int LINEAR = 128;
    private static final int SUB_BUCKETS = 64;
    private static final int MAX_EXPONENT = 36;
    private static final int SIZE = LINEAR + (MAX_EXPONENT - 6) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(SIZE);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    void addAll(LatencyHistogram other) {
        for (int i = 0; i < SIZE; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
        total.addAndGet(other.total.get());
        max.accumulateAndGet(other.max.get(), Math::max);
    }

    long count() {
        return total.get();
    }

    long max() {
        return max.get();
    }

    /** The latency below which a share {@code q} (0..1) of the recordings fall; 0 when empty. */
    long percentile(double q) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(valueAt(i), max.get());
            }
        }
        return max.get();
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int msb = 63 - Long.numberOfLeadingZeros(micros);
        if (msb > MAX_EXPONENT) {
            return SIZE - 1;
        }
        int shift = msb - 6;
        return LINEAR + (msb - 7) * SUB_BUCKETS + (int) ((micros >> shift) - SUB_BUCKETS);
    }

    static long valueAt(int index) {
        if (index < LINEAR) {
            return index;
        }
        int k = index - LINEAR;
        int shift = k / SUB_BUCKETS + 1;
        long low = (long) (k % SUB_BUCKETS + SUB_BUCKETS) << shift;
        return low + (1L << shift) / 2;
    }
}
