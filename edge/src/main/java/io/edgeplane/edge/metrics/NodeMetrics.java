package io.edgeplane.edge.metrics;

import io.edgeplane.conf.registry.Registry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's meters: JVM basics from the start, the registry's revision once a registry is
 * open, and whatever the parts and the control API register. One per process, so every part's
 * meters come out of the same {@code /metrics}.
 */
public final class NodeMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Kept to close: it listens to GC notifications until closed.
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        gc.bindTo(meters);
    }

    /** Where parts register their meters. */
    public MeterRegistry meters() {
        return meters;
    }

    /** {@code edge_registry_revision}: the revision this server serves (a follower's follows the central). */
    public void watch(Registry registry) {
        Gauge.builder("edge.registry.revision", registry, r -> r.current().revision())
                .description("Revision of the configuration this server serves")
                .register(meters);
    }

    /** Everything in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return meters.scrape();
    }

    @Override
    public void close() {
        gc.close();
        meters.close();
    }
}
