package io.edgeplane.proxy.metrics;

import java.time.Duration;
import java.util.Arrays;

/**
 * {@link ProxyMeters#LATENCY_BUCKETS} as a cell and a scrape need them: bounds in nanoseconds to
 * find a bucket without converting the recorded value, and in seconds for {@code le}.
 */
final class LatencyBuckets {

    private static final long[] BOUNDS_NANOS = Arrays.stream(ProxyMeters.LATENCY_BUCKETS)
            .mapToLong(Duration::toNanos).toArray();

    /** The finite buckets and the last, {@code +Inf}, one. */
    static final int COUNT = BOUNDS_NANOS.length + 1;

    private LatencyBuckets() {
    }

    /**
     * The bucket of a value, {@link #COUNT}{@code - 1} above every bound. A value on a bound is in
     * that bound's bucket, as Prometheus's {@code le} says. Searched from the bottom: most answers
     * of local containers fall in the first few buckets, so this ends sooner than a bisection.
     */
    static int of(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    /**
     * The {@code le} values: nanoseconds over 1e9 as Micrometer's timer computed them (so
     * {@code 1.0E-4}, {@code 0.001}, ... print as they did), then {@code +Inf}.
     */
    static double[] upperBoundsSeconds() {
        double[] seconds = new double[COUNT];
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            seconds[i] = BOUNDS_NANOS[i] / 1e9;
        }
        seconds[COUNT - 1] = Double.POSITIVE_INFINITY;
        return seconds;
    }
}
