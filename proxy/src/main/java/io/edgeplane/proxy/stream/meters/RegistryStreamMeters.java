package io.edgeplane.proxy.stream.meters;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The stream proxy's meters on a Micrometer registry (Prometheus names after conversion):
 * <ul>
 *   <li>{@code edge_proxy_streams_active{protocol}}: TCP connections and UDP sessions open now;</li>
 *   <li>{@code edge_proxy_streams_total{service,protocol}}: connections relayed to a container
 *       and sessions started;</li>
 *   <li>{@code edge_proxy_stream_bytes_total{service,protocol,direction}}: bytes relayed,
 *       {@code in} from clients to containers, {@code out} back;</li>
 *   <li>{@code edge_proxy_stream_connect_failures_total{service}}: containers that did not
 *       accept a connection.</li>
 * </ul>
 * Counters are {@link LongAdder}s read when scraped: event loops only add. A service's counters
 * outlive its removal from the configuration (they are cumulative; services are few).
 */
public final class RegistryStreamMeters implements StreamMeters {

    static final String ACTIVE = "edge.proxy.streams.active";
    static final String STREAMS = "edge.proxy.streams.total";
    static final String BYTES = "edge.proxy.stream.bytes";
    static final String CONNECT_FAILURES = "edge.proxy.stream.connect.failures";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Live> tcp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Live> udp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> connectFailures = new ConcurrentHashMap<>();

    /**
     * @param tcpOpen TCP connections open now; read when scraped
     * @param udpOpen UDP sessions open now; read when scraped
     */
    public <T> RegistryStreamMeters(MeterRegistry registry, T source, ToDoubleFunction<T> tcpOpen,
                                    ToDoubleFunction<T> udpOpen) {
        this.registry = registry;
        Gauge.builder(ACTIVE, source, tcpOpen).description("TCP connections and UDP sessions open now")
                .tag("protocol", "tcp").register(registry);
        Gauge.builder(ACTIVE, source, udpOpen).description("TCP connections and UDP sessions open now")
                .tag("protocol", "udp").register(registry);
    }

    @Override
    public StreamCounters counters(String service, boolean isUdp) {
        ConcurrentHashMap<String, Live> byService = isUdp ? udp : tcp;
        Live live = byService.get(service);
        return live != null ? live : byService.computeIfAbsent(service, s -> new Live(s, isUdp ? "udp" : "tcp"));
    }

    private LongAdder connectFailuresOf(String service) {
        return connectFailures.computeIfAbsent(service, s -> {
            LongAdder adder = new LongAdder();
            FunctionCounter.builder(CONNECT_FAILURES, adder, LongAdder::sum)
                    .description("Connections a container did not accept (refused, unreachable, timed out)")
                    .tag("service", s).register(registry);
            return adder;
        });
    }

    /** One service and protocol: its adders, each registered once as a counter read when scraped. */
    private final class Live implements StreamCounters {
        private final LongAdder opened = new LongAdder();
        private final LongAdder in = new LongAdder();
        private final LongAdder out = new LongAdder();
        private final LongAdder failures;

        Live(String service, String protocol) {
            FunctionCounter.builder(STREAMS, opened, LongAdder::sum)
                    .description("TCP connections relayed to a container and UDP sessions started")
                    .tags("service", service, "protocol", protocol).register(registry);
            FunctionCounter.builder(BYTES, in, LongAdder::sum)
                    .description("Bytes relayed: in from clients to containers, out back to clients")
                    .baseUnit("bytes")
                    .tags("service", service, "protocol", protocol, "direction", "in").register(registry);
            FunctionCounter.builder(BYTES, out, LongAdder::sum)
                    .description("Bytes relayed: in from clients to containers, out back to clients")
                    .baseUnit("bytes")
                    .tags("service", service, "protocol", protocol, "direction", "out").register(registry);
            failures = connectFailuresOf(service);
        }

        @Override
        public void opened() {
            opened.increment();
        }

        @Override
        public void bytesIn(long bytes) {
            in.add(bytes);
        }

        @Override
        public void bytesOut(long bytes) {
            out.add(bytes);
        }

        @Override
        public void connectFailed() {
            failures.increment();
        }
    }
}
