package io.edgeplane.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One service's cells, one per recording thread, and its meters, which sum the cells when
 * scraped. A meter is registered when a cell first sees its status class (or its first latency),
 * so a service never dialled has no latency series and a class never seen has no counter, as with
 * the counters and timer this replaces. Registering the same meter again returns the first, which
 * reads this same object: racing threads need no coordination.
 */
final class ServiceCells {

    private final String service;
    private final MeterRegistry registry;
    /** False when a {@link LatencyHistogramCollector} publishes the latency from these cells. */
    private final boolean latencyAsTimer;
    private final ConcurrentHashMap<Thread, ExchangeCell> byThread = new ConcurrentHashMap<>();
    /** Iterated by every scrape, added to once per thread: cheaper to copy than to lock. */
    private final List<ExchangeCell> cells = new CopyOnWriteArrayList<>();

    ServiceCells(String service, MeterRegistry registry, boolean latencyAsTimer) {
        this.service = service;
        this.registry = registry;
        this.latencyAsTimer = latencyAsTimer;
    }

    String service() {
        return service;
    }

    /** The calling thread's cell, created on its first use: the only one it may record into. */
    ExchangeCell cellOfCurrentThread() {
        Thread t = Thread.currentThread();
        ExchangeCell c = byThread.get(t);
        return c != null ? c : byThread.computeIfAbsent(t, this::newCell);
    }

    private ExchangeCell newCell(Thread owner) {
        ExchangeCell c = new ExchangeCell(this, owner);
        cells.add(c);
        return c;
    }

    void firstRequest(int statusClass) {
        FunctionCounter.builder(ProxyMeters.REQUESTS, this, s -> s.requests(statusClass))
                .description("HTTP exchanges ended, by service and status class")
                .tag("service", service)
                .tag("status", StatusClasses.NAMES[statusClass])
                .register(registry);
    }

    void firstLatency() {
        if (latencyAsTimer) {
            FunctionTimer.builder(ProxyMeters.LATENCY, this, ServiceCells::latencyCount,
                            ServiceCells::latencySumNanos, TimeUnit.NANOSECONDS)
                    .description(ProxyMeters.LATENCY_HELP)
                    .tag("service", service)
                    .register(registry);
        }
    }

    double requests(int statusClass) {
        long n = 0;
        for (ExchangeCell c : cells) {
            n += c.requests(statusClass);
        }
        return n;
    }

    /**
     * The latencies in each bucket (not cumulative), summed over the cells. The count is their
     * total rather than a field of its own, so {@code +Inf} and {@code _count} always agree.
     */
    long[] latencyBuckets() {
        long[] counts = new long[LatencyBuckets.COUNT];
        for (ExchangeCell c : cells) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += c.bucket(i);
            }
        }
        return counts;
    }

    long latencyCount() {
        return Arrays.stream(latencyBuckets()).sum();
    }

    /** As a double: the cells' sums together could pass a long's range where each does not. */
    double latencySumNanos() {
        double sum = 0;
        for (ExchangeCell c : cells) {
            sum += c.latencySumNanos();
        }
        return sum;
    }
}
