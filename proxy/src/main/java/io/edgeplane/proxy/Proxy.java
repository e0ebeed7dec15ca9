package io.edgeplane.proxy;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.registry.Readiness;
import io.edgeplane.proxy.drain.ActiveConnections;
import io.edgeplane.proxy.drain.ContainerStatus;
import io.edgeplane.proxy.drain.DeployTracker;
import io.edgeplane.proxy.http.ClientConnections;
import io.edgeplane.proxy.http.HttpChannelInitializer;
import io.edgeplane.proxy.http.HttpListeners;
import io.edgeplane.proxy.http.MaxConnectionsHandler;
import io.edgeplane.proxy.http.ProxyContext;
import io.edgeplane.proxy.http.UpstreamChannelInitializer;
import io.edgeplane.proxy.log.AccessLog;
import io.edgeplane.proxy.metrics.ExchangeMeters;
import io.edgeplane.proxy.metrics.ProxyMeters;
import io.edgeplane.proxy.route.ListenerKey;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.tls.HttpsChannelInitializer;
import io.edgeplane.proxy.tls.ServerCertificates;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.edgeplane.proxy.upstream.UpstreamPools;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP and HTTPS data plane of one server: the entry point the edge module wires.
 * {@link #apply} takes each new configuration snapshot, compiles it into a {@link RouteTable},
 * publishes it with one volatile write and opens or closes listeners to match; requests in
 * flight keep the table, and the container, they started with. A change of readiness
 * recompiles the last snapshot. {@link #close} stops accepting and drains.
 *
 * <p>Deploys: each request goes to the current version (the highest with a ready container);
 * connections to older or removed containers carry on until they end or
 * {@code proxy.drain_timeout} passes, and {@link #status} says where each container stands.
 *
 * <pre>{@code
 * try (HealthProber probes = new HealthProber();
 *      Proxy proxy = new Proxy(ProxyOptions.defaults(), Transport.best(), probes)) {
 *     probes.apply(config);           // first: the proxy asks it which containers are ready
 *     proxy.apply(config);            // and both again on every change
 *     proxy.boundPorts();             // e.g. [80, 443]
 * }
 * }</pre>
 */
public final class Proxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Proxy.class.getName());
    private static final long DRAIN_SWEEP_MILLIS = 200;

    private final ProxyOptions options;
    private final Readiness readiness;
    private final MultiThreadIoEventLoopGroup group;
    private final PassiveHealthRegistry health;
    private final UpstreamPools pools;
    private final AccessLog accessLog;
    private final HttpListeners listeners;
    private final ProxyContext context;
    private final MaxConnectionsHandler maxConnections;
    private final ClientConnections clients = new ClientConnections();
    private final ActiveConnections connections = new ActiveConnections();
    private final DeployTracker deploys = new DeployTracker(connections);
    private final AutoCloseable readinessChanges;
    private final ScheduledFuture<?> drainSweep;
    private volatile RouteTable routes = RouteTable.EMPTY;
    private volatile ServerCertificates certificates;
    private volatile boolean stopping;
    private volatile ExchangeMeters meters = ExchangeMeters.NONE;
    private Config config;
    private boolean closed;

    /** A proxy that counts every addressed container as ready (no probing). */
    public Proxy(ProxyOptions options) {
        this(options, Transport.best());
    }

    public Proxy(ProxyOptions options, Transport transport) {
        this(options, transport, Readiness.ADDRESSED);
    }

    /**
     * @param readiness which containers may get new requests; shared with the other parts of
     *                  the node (normally a {@link io.edgeplane.proxy.health.HealthProber},
     *                  applied before this proxy). Not closed by this proxy.
     */
    public Proxy(ProxyOptions options, Transport transport, Readiness readiness) {
        this.options = options;
        this.readiness = readiness;
        int threads = options.eventLoopThreads() > 0 ? options.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("edge-proxy", true),
                transport.ioHandlerFactory());
        this.health = new PassiveHealthRegistry(options.maxFails(), options.failTimeout().toNanos());
        this.pools = new UpstreamPools(group, transport.socketChannel(),
                new UpstreamChannelInitializer(options.readTimeout().toNanos()), options.connectTimeout(),
                options.maxIdlePerUpstream(), options.upstreamIdleTimeout());
        this.accessLog = new AccessLog("off");
        this.context = new ProxyContext(options, () -> routes, pools, accessLog, connections, () -> stopping,
                () -> meters);
        this.maxConnections = new MaxConnectionsHandler(options.maxConnections());
        this.listeners = new HttpListeners(group, transport, this::initializerFor);
        this.readinessChanges = readiness.onChange(this::readinessChanged);
        this.drainSweep = group.next().scheduleAtFixedRate(() -> deploys.sweep(routes), DRAIN_SWEEP_MILLIS,
                DRAIN_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.DEBUG, "proxy on {0} with {1} event loops", transport.name(), threads);
    }

    /**
     * Makes {@code config} the one in force: routes, certificates, listeners and access log.
     * A port that cannot be bound is logged and left out of {@link #boundPorts()}; the next
     * apply tries it again. A port no longer used stops accepting; its open connections finish.
     * Blocks while listeners bind and certificate files are read: call it from the
     * configuration thread, never from an event loop.
     */
    public synchronized void apply(Config config) {
        if (closed) {
            throw new IllegalStateException("proxy closed");
        }
        RouteTable table = RouteTable.compile(config, health, readiness::ready);
        boolean needTls = table.listeners().stream().anyMatch(ListenerKey::tls);
        if (needTls) {
            certificates = ServerCertificates.load(config.settings().proxy().tls(), certificates);
        }
        deploys.applied(config);
        publish(table);
        this.config = config;
        accessLog.target(config.settings().proxy().accessLog());
        listeners.reconcile(config.settings().proxy().bind(), table.listeners());
    }

    /** Readiness changed: the last snapshot again, with the new ready set (listeners unchanged). */
    private synchronized void readinessChanged() {
        if (closed || config == null) {
            return;
        }
        publish(RouteTable.compile(config, health, readiness::ready));
    }

    private void publish(RouteTable table) {
        routes = table;
        health.retainOnly(table.upstreamKeys());
        pools.retainLive(table.liveAddresses());
    }

    /**
     * Registers the proxy's meters on {@code registry} and counts every exchange that ends from
     * now on: {@code edge.proxy.requests} (tags {@code service}, {@code status} class),
     * {@code edge.proxy.upstream.latency} (tag {@code service}, percentile histogram) and the
     * gauges {@code edge.proxy.connections.active} and {@code .draining}. Without this call the
     * proxy counts nothing and pays nothing for it. Call it once, from any thread.
     */
    public Proxy bindMeters(MeterRegistry registry) {
        meters = new ProxyMeters(registry, this, p -> p.connections.total(),
                p -> p.deploys.drainingConnections(p.routes));
        Gauge.builder("edge.proxy.client.connections", maxConnections, MaxConnectionsHandler::open)
                .description("Client connections open now, across every HTTP and HTTPS listener").register(registry);
        FunctionCounter.builder("edge.proxy.client.refused", maxConnections, MaxConnectionsHandler::refused)
                .description("Client connections closed at accept: proxy.max_connections were open").register(registry);
        return this;
    }

    /** The route table in force. */
    public RouteTable routes() {
        return routes;
    }

    /**
     * Where a container stands in a deploy: ready, unready, draining or drained, with the
     * upstream connections it carries now. Answers from memory without locks (event loops call it).
     */
    public ContainerStatus status(Container container) {
        return deploys.status(container, routes, readiness::ready);
    }

    /** A container removed from the inventory that still carries connections (draining), or null. */
    public Container removedContainer(String id) {
        return deploys.removed(id);
    }

    /** Upstream connections in use per container id (containers with none are absent). */
    public Map<String, Integer> activeConnections() {
        return connections.counts();
    }

    /** The ports listening now (HTTP and HTTPS). */
    public Set<Integer> boundPorts() {
        return listeners.ports();
    }

    /** Client connections open now. */
    public int openConnections() {
        return maxConnections.open();
    }

    public ProxyOptions options() {
        return options;
    }

    private ChannelHandler initializerFor(ListenerKey key) {
        if (key.tls()) {
            return new HttpsChannelInitializer(context, maxConnections, clients, key.port(), () -> certificates);
        }
        return new HttpChannelInitializer(context, maxConnections, clients, key.port());
    }

    /**
     * Stops gracefully: listeners close at once; HTTP/2 clients get GOAWAY, HTTP/1 exchanges end
     * with {@code Connection: close}, idle connections close; whatever is still open when
     * {@code proxy.drain_timeout} has passed is closed. Blocks until then.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(readinessChanges);
        listeners.closeAll();
        stopping = true;
        Duration drain = deploys.drainTimeout();
        clients.stopGracefully(drain);
        long deadline = System.nanoTime() + drain.toNanos();
        while ((clients.open() > 0 || connections.total() > 0) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (clients.open() > 0 || connections.total() > 0) {
            LOG.log(System.Logger.Level.INFO, "drain timeout ({0}) passed: closing {1} client connection(s)", drain,
                    clients.open());
        }
        clients.closeAll();
        connections.closeAll();
        drainSweep.cancel(false);
        pools.closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        accessLog.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing readiness subscription: " + e);
        }
    }
}
