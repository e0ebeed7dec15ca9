package io.edgeplane.dns.client;

import java.util.concurrent.atomic.LongAdder;

/** What the node client did, for metrics and tests. Adders, so event loops never contend. */
public final class ClientCounters {

    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder stale = new LongAdder();
    public final LongAdder centralQueries = new LongAdder();
    public final LongAdder upstreamQueries = new LongAdder();
    public final LongAdder refused = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    public final LongAdder truncated = new LongAdder();
    public final LongAdder failures = new LongAdder();
}
