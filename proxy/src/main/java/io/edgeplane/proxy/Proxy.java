package io.edgeplane.proxy;

import io.edgeplane.conf.model.Config;
import io.edgeplane.proxy.http.HttpChannelInitializer;
import io.edgeplane.proxy.http.HttpListeners;
import io.edgeplane.proxy.http.MaxConnectionsHandler;
import io.edgeplane.proxy.http.ProxyContext;
import io.edgeplane.proxy.http.UpstreamChannelInitializer;
import io.edgeplane.proxy.log.AccessLog;
import io.edgeplane.proxy.route.ListenerKey;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.tls.HttpsChannelInitializer;
import io.edgeplane.proxy.tls.ServerCertificates;
import io.edgeplane.proxy.upstream.PassiveHealthRegistry;
import io.edgeplane.proxy.upstream.UpstreamPools;
import io.netty.channel.ChannelHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP and HTTPS data plane of one server: the entry point the edge module wires.
 * {@link #apply} takes each new configuration snapshot, compiles it into a {@link RouteTable},
 * publishes it with one volatile write and opens or closes listeners to match; requests in
 * flight keep the table they started with. {@link #close} stops everything.
 *
 * <pre>{@code
 * try (Proxy proxy = new Proxy(ProxyOptions.defaults())) {
 *     proxy.apply(config);            // and again on every change
 *     proxy.boundPorts();             // e.g. [80, 443]
 * }
 * }</pre>
 */
public final class Proxy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Proxy.class.getName());

    private final ProxyOptions options;
    private final MultiThreadIoEventLoopGroup group;
    private final PassiveHealthRegistry health;
    private final UpstreamPools pools;
    private final AccessLog accessLog;
    private final HttpListeners listeners;
    private final ProxyContext context;
    private final MaxConnectionsHandler maxConnections;
    private volatile RouteTable routes = RouteTable.EMPTY;
    private volatile ServerCertificates certificates;
    private boolean closed;

    public Proxy(ProxyOptions options) {
        this(options, Transport.best());
    }

    public Proxy(ProxyOptions options, Transport transport) {
        this.options = options;
        int threads = options.eventLoopThreads() > 0 ? options.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("edge-proxy", true),
                transport.ioHandlerFactory());
        this.health = new PassiveHealthRegistry(options.maxFails(), options.failTimeout().toNanos());
        this.pools = new UpstreamPools(group, transport.socketChannel(),
                new UpstreamChannelInitializer(options.readTimeout().toNanos()), options.connectTimeout(),
                options.maxIdlePerUpstream(), options.upstreamIdleTimeout());
        this.accessLog = new AccessLog("off");
        this.context = new ProxyContext(options, () -> routes, pools, accessLog);
        this.maxConnections = new MaxConnectionsHandler(options.maxConnections());
        this.listeners = new HttpListeners(group, transport, this::initializerFor);
        LOG.log(System.Logger.Level.DEBUG, "proxy on {0} with {1} event loops", transport.name(), threads);
    }

    /**
     * Makes {@code config} the one in force: routes, certificates, listeners and access log.
     * A port that cannot be bound is logged and left out of {@link #boundPorts()}; the next
     * apply tries it again. Blocks while listeners bind and certificate files are read: call it
     * from the configuration thread, never from an event loop.
     */
    public synchronized void apply(Config config) {
        if (closed) {
            throw new IllegalStateException("proxy closed");
        }
        RouteTable table = RouteTable.compile(config, health);
        boolean needTls = table.listeners().stream().anyMatch(ListenerKey::tls);
        if (needTls) {
            certificates = ServerCertificates.load(config.settings().proxy().tls(), certificates);
        }
        routes = table;
        health.retainOnly(table.upstreamKeys());
        accessLog.target(config.settings().proxy().accessLog());
        listeners.reconcile(config.settings().proxy().bind(), table.listeners());
    }

    /** The route table in force. */
    public RouteTable routes() {
        return routes;
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
            return new HttpsChannelInitializer(context, maxConnections, key.port(), () -> certificates);
        }
        return new HttpChannelInitializer(context, maxConnections, key.port());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.closeAll();
        pools.closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        accessLog.close();
    }
}
