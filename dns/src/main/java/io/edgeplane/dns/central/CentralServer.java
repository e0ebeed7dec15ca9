package io.edgeplane.dns.central;

import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.dns.answer.Answerer;
import io.edgeplane.dns.answer.Readiness;
import io.edgeplane.dns.answer.StickyChoices;
import io.edgeplane.dns.net.DnsListener;
import io.edgeplane.dns.net.DnsTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The central ElasticDNS server. Each {@link #apply} compiles the snapshot into an
 * {@link Answerer} and publishes it with one volatile write; queries read whichever is current
 * without locks. The listener is (re)bound when {@code dns.central_listen} changes.
 */
public final class CentralServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CentralServer.class.getName());

    /** How the central is built; tests swap the clock and readiness. */
    public record Options(Readiness readiness, Ticker ticker, int threads, DnsTransport transport) {
        public static Options defaults() {
            return new Options(Readiness.ADDRESSED, Ticker.systemTicker(), 1, DnsTransport.best());
        }
    }

    private final Options options;
    private final StickyChoices sticky;
    private final EventLoopGroup group;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis() / 1000);
    private volatile Answerer answerer;
    private DnsListener listener;
    // Queries answered and dropped (unparseable beyond a FORMERR): read by metrics at scrape time.
    private final LongAdder answered = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public CentralServer(Options options) {
        this.options = options;
        this.sticky = new StickyChoices(options.ticker());
        this.group = new MultiThreadIoEventLoopGroup(options.threads(), options.transport().ioHandlerFactory());
    }

    public CentralServer() {
        this(Options.defaults());
    }

    /** Takes a new snapshot; binds the listener the first time (a port in use fails the start). */
    public synchronized void apply(Config config) {
        answerer = Answerer.compile(config, options.readiness(), sticky, serial.incrementAndGet());
        Endpoint want = config.settings().dns().centralListen();
        if (listener == null || !sameEndpoint(want, listener.endpoint())) {
            DnsListener old = listener;
            if (old != null) {
                old.close();
            }
            try {
                listener = DnsListener.bind(want, group, options.transport(), options.threads(),
                        (query, sender, tcp, loop, reply) -> {
                            byte[] response = CentralResponder.respond(answerer, query, sender.getAddress(), tcp);
                            if (response != null) {
                                answered.increment();
                                reply.send(response);
                            } else {
                                dropped.increment();
                            }
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + want, e);
            }
            LOG.log(System.Logger.Level.INFO, "ElasticDNS central answering for {0} on {1} (udp, tcp, {2})",
                    config.settings().dns().zone(), listener.endpoint(), options.transport().name());
        }
    }

    private static boolean sameEndpoint(Endpoint wanted, Endpoint bound) {
        return wanted.address().equals(bound.address()) && (wanted.port() == 0 || wanted.port() == bound.port());
    }

    /** The bound endpoint (with the real port when 0 was configured); null before the first apply. */
    public synchronized Endpoint endpoint() {
        return listener == null ? null : listener.endpoint();
    }

    /** Queries answered (any rcode), for metrics. */
    public long answered() {
        return answered.sum();
    }

    /** Queries dropped without an answer (not even FORMERR could be sent), for metrics. */
    public long dropped() {
        return dropped.sum();
    }

    /** The answerer in use, for tests and the control API. */
    public Answerer answerer() {
        return answerer;
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
