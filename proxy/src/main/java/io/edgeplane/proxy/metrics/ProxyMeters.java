package io.edgeplane.proxy.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The proxy's meters on a Micrometer registry (Prometheus names after conversion):
 * <ul>
 *   <li>{@code edge_proxy_requests_total{service,status}}: exchanges ended, by status class
 *       ({@code 1xx}..{@code 5xx}, {@code none} when the client left before any status,
 *       {@code other} for a container's status outside 100-599);</li>
 *   <li>{@code edge_proxy_upstream_latency_seconds{service}}: time to the upstream's response,
 *       as a histogram with the {@link #LATENCY_BUCKETS} ({@code _bucket}, {@code _count},
 *       {@code _sum}, no {@code _max});</li>
 *   <li>{@code edge_proxy_connections_active} and {@code edge_proxy_connections_draining}:
 *       upstream connections in use now, and those of them held on draining containers.</li>
 * </ul>
 * Tags stay bounded: service names and seven status classes, never paths or addresses.
 *
 * <p>An exchange adds to plain counters of its thread's {@link ExchangeCell}; the meters sum the
 * cells when scraped. Micrometer's counter and timer cost a few percent of the event loop under
 * load: CAS and adder updates, and two clock reads per timer record to rotate its max and
 * histogram windows. The max over a window was that clock's only use, so it went with it.
 *
 * <p>On a {@link PrometheusMeterRegistry} the latency is a {@link LatencyHistogramCollector}
 * under it, so one such registry takes one {@code ProxyMeters} (a second fails, as Prometheus
 * refuses the name twice). Elsewhere it is a function timer (count and total, no buckets), and,
 * as with every function meter, a second {@code ProxyMeters} on the same registry gets the
 * first one's meters.
 */
public final class ProxyMeters implements ExchangeMeters {

    static final String REQUESTS = "edge.proxy.requests";
    static final String LATENCY = "edge.proxy.upstream.latency";
    static final String LATENCY_HELP = "Time from dialling or taking a pooled connection to the upstream's response";
    static final String ACTIVE = "edge.proxy.connections.active";
    static final String DRAINING = "edge.proxy.connections.draining";
    /**
     * From 100 µs, as containers on the same server or LAN answer, to a minute. Micrometer's
     * default timer histogram starts at 1 ms, which put almost every upstream answer of a local
     * container in its first bucket, and has ~70 buckets per service to scrape and record into.
     */
    static final Duration[] LATENCY_BUCKETS = Stream.of(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500,
                    1_000, 2_500, 5_000, 10_000, 30_000, 60_000)
            .map(ms -> Duration.ofNanos((long) (ms.doubleValue() * 1_000_000)))
            .toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final boolean latencyAsTimer;
    private final ConcurrentHashMap<String, ServiceCells> services = new ConcurrentHashMap<>();

    /**
     * @param active   upstream connections in use now; read when the registry is scraped
     * @param draining those of them on draining containers; read when scraped
     */
    public <T> ProxyMeters(MeterRegistry registry, T source, ToDoubleFunction<T> active, ToDoubleFunction<T> draining) {
        this.registry = registry;
        Gauge.builder(ACTIVE, source, active)
                .description("Upstream connections carrying an exchange or a tunnel now")
                .register(registry);
        Gauge.builder(DRAINING, source, draining)
                .description("Upstream connections in use on containers that are draining")
                .register(registry);
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            prometheus.getPrometheusRegistry().register(new LatencyHistogramCollector(services.values()));
            latencyAsTimer = false;
        } else {
            latencyAsTimer = true;
        }
    }

    /**
     * The calling thread's cell for the service: what it returns must be recorded into from this
     * thread only (another thread's call is redirected to its own cell, at the cost of a lookup).
     */
    @Override
    public ServiceMeters forService(String service) {
        ServiceCells s = services.get(service);
        if (s == null) {
            s = services.computeIfAbsent(service, name -> new ServiceCells(name, registry, latencyAsTimer));
        }
        return s.cellOfCurrentThread();
    }
}
