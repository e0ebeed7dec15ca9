package io.edgeplane.dns.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.dns.net.DnsListener;
import io.edgeplane.dns.net.DnsTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node client on {@code dns.listen}. {@link #apply} publishes the snapshot's settings with
 * one volatile write and (re)binds the listeners when {@code dns.listen} changes; the cache
 * survives snapshots (its entries age out by TTL).
 */
public final class NodeClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeClient.class.getName());
    /**
     * UDP read in batches (recvmmsg/sendmmsg on threads of its own) where the transport is epoll:
     * the cache hit is answered with no per-query object. {@code -Dedgeplane.dns.batchedUdp=false}
     * keeps Netty's UDP channels, a way back if the batched sockets misbehave somewhere.
     */
    private static final boolean BATCHED_UDP = !"false".equals(System.getProperty("edgeplane.dns.batchedUdp"));

    /**
     * How the client is built; tests shorten timeouts and move the clock by hand.
     *
     * @param staleWindow    how long past its TTL an answer may still be served stale (RFC 8767
     *                       suggests one to three days)
     * @param failureRecheck after a failed fetch from the central, how long stale answers are
     *                       served without asking again (RFC 8767 suggests 30 s)
     */
    public record Options(Ticker ticker, int threads, DnsTransport transport, Duration centralTimeout,
                          int centralAttempts, Duration upstreamTimeout, Duration staleWindow,
                          Duration failureRecheck, long maxEntries, Path resolvConf) {

        public static Options defaults() {
            return new Options(Ticker.systemTicker(), Math.max(1, Runtime.getRuntime().availableProcessors()),
                    DnsTransport.best(), Duration.ofMillis(800), 2, Duration.ofSeconds(2), Duration.ofDays(1),
                    Duration.ofSeconds(30), 200_000, Path.of("/etc/resolv.conf"));
        }
    }

    private final Options options;
    private final EventLoopGroup group;
    private final NodeResolver resolver;
    private final ClientCounters counters = new ClientCounters();
    /** By configured endpoint (port 0 stays 0 here; the listener knows the real one). */
    private Map<Endpoint, DnsListener> listeners = Map.of();

    public NodeClient(Options options) {
        this.options = options;
        this.group = new MultiThreadIoEventLoopGroup(options.threads(), options.transport().ioHandlerFactory());
        WireAnswerCache cache = new WireAnswerCache(options.ticker(), options.maxEntries(), options.staleWindow());
        this.resolver = new NodeResolver(cache,
                new CentralLookup(options.transport(), options.centralTimeout(), options.centralAttempts(), options.ticker()::read),
                new UpstreamForwarder(options.transport(), options.upstreamTimeout(), options.ticker()::read),
                counters, options.failureRecheck().toNanos());
    }

    public NodeClient() {
        this(Options.defaults());
    }

    public synchronized void apply(Config config) {
        resolver.publish(ClientState.of(config, options.resolvConf()));
        List<Endpoint> want = config.settings().dns().listen();
        if (!want.equals(List.copyOf(listeners.keySet()))) {
            // Endpoints that stay keep their sockets; new ones are bound before old ones close,
            // so a change (or a failed bind) never leaves the node without DNS.
            Map<Endpoint, DnsListener> next = new LinkedHashMap<>();
            List<DnsListener> opened = new ArrayList<>();
            try {
                for (Endpoint e : want) {
                    DnsListener kept = listeners.get(e);
                    if (kept == null) {
                        kept = DnsListener.bind(e, group, options.transport(), options.threads(), resolver, BATCHED_UDP);
                        opened.add(kept);
                    }
                    next.put(e, kept);
                }
            } catch (InterruptedException e) {
                opened.forEach(DnsListener::close);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + want, e);
            } catch (Exception e) { // Netty rethrows a bind's IOException unchecked
                opened.forEach(DnsListener::close);
                throw e instanceof RuntimeException r ? r
                        : new IllegalStateException("cannot listen for DNS on " + want + ": " + e.getMessage(), e);
            }
            listeners.forEach((e, l) -> {
                if (!next.containsKey(e)) {
                    l.close();
                }
            });
            listeners = next;
            LOG.log(System.Logger.Level.INFO, "ElasticDNS node client on {0} (udp: {1}, tcp: {2}), central at {3}",
                    endpoints(), next.values().stream().findFirst().map(l -> l.udpIo(options.transport())).orElse("none"),
                    options.transport().name(),
                    ClientState.central(config.settings()));
        }
    }

    /** The bound endpoints, with the real ports where 0 was configured. */
    public synchronized List<Endpoint> endpoints() {
        return listeners.values().stream().map(DnsListener::endpoint).toList();
    }

    public NodeResolver resolver() {
        return resolver;
    }

    public ClientCounters counters() {
        return counters;
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(DnsListener::close);
        listeners = Map.of();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
