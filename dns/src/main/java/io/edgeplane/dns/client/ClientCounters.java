package io.edgeplane.dns.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the node client did, for metrics and tests. Adders, so event loops never contend. Every
 * query lands in exactly one of hits, misses, refused, malformed and rejected, so their sum is
 * the number of queries without a counter on the hit path for it. A miss is a query without a
 * fresh entry, whether fetched or answered stale; stale counts the latter again.
 */
public final class ClientCounters {

    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder stale = new LongAdder();
    public final LongAdder centralQueries = new LongAdder();
    public final LongAdder upstreamQueries = new LongAdder();
    public final LongAdder refused = new LongAdder();
    /** Answered NOTIMP or BADVERS, or refused as a zone transfer or a non-IN class in the zone. */
    public final LongAdder rejected = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    public final LongAdder truncated = new LongAdder();
    public final LongAdder failures = new LongAdder();
}
