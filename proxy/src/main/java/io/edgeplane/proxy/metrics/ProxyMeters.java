package io.edgeplane.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The proxy's meters on a Micrometer registry (Prometheus names after conversion):
 * <ul>
 *   <li>{@code edge_proxy_requests_total{service,status}}: exchanges ended, by status class
 *       ({@code 1xx}..{@code 5xx}, {@code none} when the client left before any status,
 *       {@code other} for a container's status outside 100-599);</li>
 *   <li>{@code edge_proxy_upstream_latency_seconds{service}}: time to the upstream's response,
 *       as a histogram with the {@link #LATENCY_BUCKETS};</li>
 *   <li>{@code edge_proxy_connections_active} and {@code edge_proxy_connections_draining}:
 *       upstream connections in use now, and those of them held on draining containers.</li>
 * </ul>
 * Tags stay bounded: service names and seven status classes, never paths or addresses.
 */
public final class ProxyMeters implements ExchangeMeters {

    static final String REQUESTS = "edge.proxy.requests";
    static final String LATENCY = "edge.proxy.upstream.latency";
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
    private final ConcurrentHashMap<String, ServiceMeters> services = new ConcurrentHashMap<>();

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
    }

    @Override
    public ServiceMeters forService(String service) {
        ServiceMeters m = services.get(service);
        return m != null ? m : services.computeIfAbsent(service, s -> new PerService(registry, s));
    }

    /**
     * A service's counters by status class and its timer, each registered on first use (so a
     * service never dialled has no latency series); racing event loops both resolve the same
     * meter from the registry, so the plain field writes are harmless.
     */
    private static final class PerService implements ServiceMeters {

        private static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx", "other"};

        private final MeterRegistry registry;
        private final String service;
        private final Counter[] byClass = new Counter[CLASSES.length];
        private Timer latency;

        PerService(MeterRegistry registry, String service) {
            this.registry = registry;
            this.service = service;
        }

        @Override
        public void exchange(int status, long upstreamNanos) {
            int i = status == 0 ? 0 : status >= 100 && status < 600 ? status / 100 : 6;
            Counter c = byClass[i];
            if (c == null) {
                c = Counter.builder(REQUESTS)
                        .description("HTTP exchanges ended, by service and status class")
                        .tag("service", service)
                        .tag("status", CLASSES[i])
                        .register(registry);
                byClass[i] = c;
            }
            c.increment();
            if (upstreamNanos >= 0) {
                Timer t = latency;
                if (t == null) {
                    t = Timer.builder(LATENCY)
                            .description("Time from dialling or taking a pooled connection to the upstream's response")
                            .tag("service", service)
                            .serviceLevelObjectives(LATENCY_BUCKETS)
                            .register(registry);
                    latency = t;
                }
                t.record(upstreamNanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
