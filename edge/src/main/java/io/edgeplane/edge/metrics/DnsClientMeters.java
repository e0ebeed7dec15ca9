package io.edgeplane.edge.metrics;

import io.edgeplane.dns.central.CentralServer;
import io.edgeplane.dns.client.ClientCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The node client's meters, read from its {@link ClientCounters} when scraped: the query path
 * keeps counting into its adders and pays nothing for the meters.
 */
public final class DnsClientMeters {

    private DnsClientMeters() {
    }

    /**
     * Registers {@code edge.dns.*} on {@code meters}.
     *
     * @param cacheEntries the cache's size; read at scrape time only (it may tidy the cache first)
     */
    public static void bind(MeterRegistry meters, ClientCounters c, LongSupplier cacheEntries) {
        // Every query lands in exactly one of these: their sum counts queries without a counter
        // of its own on the hit path.
        counter(meters, "edge.dns.queries", "DNS queries to the node client", c,
                x -> x.hits.sum() + x.misses.sum() + x.refused.sum() + x.malformed.sum() + x.rejected.sum());
        counter(meters, "edge.dns.cache.hits", "Queries answered from a fresh cache entry", c, x -> x.hits.sum());
        counter(meters, "edge.dns.cache.misses", "Queries with no fresh cache entry: fetched, or answered stale while the central is away",
                c, x -> x.misses.sum());
        counter(meters, "edge.dns.cache.stale", "Answers served stale (RFC 8767) because the central did not answer",
                c, x -> x.stale.sum());
        forwarded(meters, "central", c.centralQueries);
        forwarded(meters, "upstream", c.upstreamQueries);
        counter(meters, "edge.dns.refused", "Queries refused: caller not in dns.allow", c, x -> x.refused.sum());
        counter(meters, "edge.dns.rejected", "Queries answered NOTIMP or BADVERS, or refused as zone transfers",
                c, x -> x.rejected.sum());
        counter(meters, "edge.dns.malformed", "Queries that did not parse (FORMERR or dropped)", c, x -> x.malformed.sum());
        counter(meters, "edge.dns.truncated", "UDP answers too large, sent truncated (TC) for a TCP retry", c,
                x -> x.truncated.sum());
        counter(meters, "edge.dns.failures", "Queries answered SERVFAIL: the fetch failed and nothing stale was cached",
                c, x -> x.failures.sum());
        Gauge.builder("edge.dns.cache.size", cacheEntries, s -> s.getAsLong())
                .description("Answers in the node client's cache").strongReference(true)
                .register(meters);
    }

    /** Registers {@code edge.dns.central.queries{outcome=answered|dropped}} for the central answerer. */
    public static void bindCentral(MeterRegistry meters, CentralServer central) {
        FunctionCounter.builder("edge.dns.central.queries", central, CentralServer::answered)
                .description("Queries to the central answerer (dns.central_listen)").tag("outcome", "answered")
                .register(meters);
        FunctionCounter.builder("edge.dns.central.queries", central, CentralServer::dropped)
                .description("Queries to the central answerer (dns.central_listen)").tag("outcome", "dropped")
                .register(meters);
    }

    private static void counter(MeterRegistry meters, String name, String description, ClientCounters c,
                                ToDoubleFunction<ClientCounters> read) {
        // A function counter holds its object weakly: the counters live as long as the client does.
        FunctionCounter.builder(name, c, read).description(description).register(meters);
    }

    private static void forwarded(MeterRegistry meters, String to, LongAdder adder) {
        FunctionCounter.builder("edge.dns.forwarded", adder, LongAdder::sum)
                .description("Questions the node client sent on: to the central (zone names) or upstream (others)")
                .tag("to", to).register(meters);
    }
}
