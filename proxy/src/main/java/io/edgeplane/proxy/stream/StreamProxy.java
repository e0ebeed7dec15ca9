package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.registry.Readiness;
import io.edgeplane.proxy.Transport;
import io.edgeplane.proxy.stream.meters.RegistryStreamMeters;
import io.edgeplane.proxy.stream.meters.StreamMeters;
import io.edgeplane.proxy.stream.tcp.TcpListeners;
import io.edgeplane.proxy.stream.udp.UdpListeners;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The TCP and UDP data plane of one server (the {@code tcp:} and {@code udp:} of advanced ports):
 * the entry point the edge module wires next to the HTTP {@link io.edgeplane.proxy.Proxy}.
 * {@link #apply} compiles each snapshot (and each readiness change) into a {@link StreamTable},
 * publishes it with one volatile write, opens and closes listeners to match and starts draining
 * connections and sessions whose container is no longer current; they end by themselves or at
 * {@code drain_timeout}. A container's TCP port that refuses connections is skipped for
 * {@code fail_timeout} after {@code max_fails} failures, as the HTTP proxy does.
 *
 * <pre>{@code
 * try (StreamProxy streams = new StreamProxy(StreamOptions.from(settings.proxy()), readiness)
 *         .bindMeters(registry)) {
 *     streams.apply(config);                 // and again on every change
 *     streams.activeByContainer();           // {"db-7-a": 3, "db-6-a": 1}
 * }
 * }</pre>
 */
public final class StreamProxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StreamProxy.class.getName());

    private final StreamOptions options;
    private final Readiness readiness;
    private final MultiThreadIoEventLoopGroup group;
    private final ActiveStreams active;
    private final TcpListeners tcp;
    private final UdpListeners udp;
    private final AutoCloseable readinessSubscription;
    private final PassiveHealthRegistry health;
    private StreamMeters meters = StreamMeters.NONE;
    private volatile StreamTable table = StreamTable.EMPTY;
    private Config config;
    private boolean closed;

    /**
     * On NIO, not epoll: Netty 4.2.18's epoll drops a socket from the epoll set once it has no
     * interest left (input half-closed, nothing waiting to be written) yet still believes it
     * registered, so the next write that has to wait for the socket fails with ENOENT and the
     * connection dies. Half-closed connections are normal here, so NIO until Netty fixes it.
     */
    public StreamProxy(StreamOptions options, Readiness readiness) {
        this(options, readiness, Transport.nio());
    }

    public StreamProxy(StreamOptions options, Readiness readiness, Transport transport) {
        this.options = options;
        this.readiness = readiness;
        int threads = options.eventLoopThreads() > 0 ? options.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("edge-stream", true),
                transport.ioHandlerFactory());
        StreamTransport streamTransport = StreamTransport.of(transport);
        this.health = new PassiveHealthRegistry(options.maxFails(), options.failTimeout().toNanos());
        this.active = new ActiveStreams(() -> table);
        this.tcp = new TcpListeners(group, streamTransport, options, () -> table, active);
        this.udp = new UdpListeners(group, streamTransport, options, () -> table, active);
        this.readinessSubscription = readiness.onChange(this::readinessChanged);
        LOG.log(System.Logger.Level.DEBUG, "stream proxy on {0} with {1} event loops", transport.name(), threads);
    }

    /**
     * Makes {@code config} the one in force. A port that cannot be bound is logged and left out
     * of {@link #tcpPorts()}/{@link #udpPorts()}; the next apply tries again. Blocks while sockets
     * bind: call it from the configuration thread, never from an event loop.
     */
    public synchronized void apply(Config config) {
        if (closed) {
            throw new IllegalStateException("stream proxy closed");
        }
        this.config = config;
        publish(compile(config));
        tcp.reconcile(table.bind(), table.tcpPorts());
        udp.reconcile(table.bind(), table.udpPorts());
    }

    private synchronized void readinessChanged() {
        if (!closed && config != null) {
            publish(compile(config));
        }
    }

    /**
     * Registers the stream proxy's meters on {@code registry} (see {@link RegistryStreamMeters});
     * without it nothing is counted. Bind before the first {@link #apply}: streams already open
     * keep the counters they started with.
     */
    public synchronized StreamProxy bindMeters(MeterRegistry registry) {
        meters = new RegistryStreamMeters(registry, active, a -> a.tcpTotal(), a -> a.udpTotal());
        FunctionCounter.builder("edge.proxy.stream.refused", active, ActiveStreams::refusedAtCapTotal)
                .description("TCP connections closed at accept").tag("reason", "max_stream_connections")
                .register(registry);
        FunctionCounter.builder("edge.proxy.stream.refused", active, ActiveStreams::refusedNoContainerTotal)
                .description("TCP connections closed at accept").tag("reason", "no_ready_container")
                .register(registry);
        if (!closed && config != null) {
            publish(compile(config));
        }
        return this;
    }

    private StreamTable compile(Config config) {
        return StreamTable.compile(config, readiness, options, meters, health);
    }

    private void publish(StreamTable next) {
        table = next;
        health.retainOnly(next.healthKeys());
        active.review(next);
    }

    /** The table in force. */
    public StreamTable table() {
        return table;
    }

    /** TCP ports listening now. */
    public Set<Integer> tcpPorts() {
        return tcp.ports();
    }

    /** UDP ports starting sessions now. */
    public Set<Integer> udpPorts() {
        return udp.ports();
    }

    /** UDP sessions open now on {@code port}. */
    public int udpSessions(int port) {
        return udp.sessions(port);
    }

    /**
     * Open TCP connections plus UDP sessions per container id, for the control API's
     * {@code active_connections} (containers with none are absent). Safe from any thread.
     */
    public Map<String, Integer> activeByContainer() {
        return active.countsByContainer();
    }

    /** Open TCP connections plus UDP sessions on one container. */
    public int active(String containerId) {
        return active.count(containerId);
    }

    public StreamOptions options() {
        return options;
    }

    /**
     * Stops as a node does: no new connections or sessions, open TCP connections get up to
     * {@code drain_timeout} to end by themselves, then everything closes. UDP sessions are not
     * waited for: they have no end of their own but the idle timeout.
     */
    public void drainAndClose() {
        StreamTable last;
        synchronized (this) {
            if (closed) {
                return;
            }
            last = table;
            tcp.closeAll();
        }
        long deadline = System.nanoTime() + last.drainTimeout().toNanos();
        while (active.tcpTotal() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Closes every listener, connection and session at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            readinessSubscription.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "readiness subscription: {0}", e.toString());
        }
        tcp.closeAll();
        udp.closeAll();
        active.closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
