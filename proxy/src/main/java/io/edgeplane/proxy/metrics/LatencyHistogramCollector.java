package io.edgeplane.proxy.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.Arrays;
import java.util.Collection;

/**
 * {@code edge_proxy_upstream_latency_seconds} as a classic Prometheus histogram, built from the
 * cells when scraped. Micrometer has no meter that exposes buckets someone else counted, so this
 * goes to the Prometheus registry under Micrometer's; the text is what Micrometer's timer wrote
 * ({@code _bucket{service,le}}, {@code _count}, {@code _sum}) less its {@code _max}. Being outside
 * Micrometer, it sees none of the registry's meter filters or common tags.
 */
final class LatencyHistogramCollector implements Collector {

    static final String NAME = "edge_proxy_upstream_latency_seconds";
    private static final double[] UPPER_BOUNDS = LatencyBuckets.upperBoundsSeconds();

    private final Collection<ServiceCells> services;

    /** @param services a live view: services added later are scraped too */
    LatencyHistogramCollector(Collection<ServiceCells> services) {
        this.services = services;
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME).help(ProxyMeters.LATENCY_HELP);
        for (ServiceCells s : services) {
            long[] counts = s.latencyBuckets();
            if (Arrays.stream(counts).sum() == 0) {
                continue;   // never dialled: no series, as when the timer was registered on first use
            }
            histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts))
                    .sum(s.latencySumNanos() / 1e9)
                    .labels(Labels.of("service", s.service()))
                    .build());
        }
        return histogram.build();
    }

    /** Lets the registry refuse a second metric of this name, and skip this one when filtered out. */
    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
