package io.edgeplane.dns.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.edgeplane.conf.model.Config;
import io.edgeplane.dns.net.QueryService;
import io.edgeplane.dns.wire.DnsHeader;
import io.edgeplane.dns.wire.MalformedMessage;
import io.edgeplane.dns.wire.Query;
import io.edgeplane.dns.wire.QueryParser;
import io.edgeplane.dns.wire.QueryView;
import io.edgeplane.dns.wire.ShortResponses;
import io.edgeplane.dns.wire.WireAnswer;
import io.edgeplane.dns.wire.WireNames;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The node client's query path:
 * <pre>
 * packet -> parse (FORMERR / drop) -> allow list (REFUSED) -> cache by name, type, class, scope
 *   fresh hit  -> answer from wire bytes (ID, TTLs, rotation patched)       [no message built]
 *                 in the last tenth of its TTL: also fetched again, once (prefetch)
 *   miss/stale -> zone name: central with ECS | other: upstreams -> store -> answer
 *                 failure: the stale entry (RFC 8767) or SERVFAIL
 * </pre>
 * Nothing here blocks: fetches complete on the event loop the query came in on.
 */
public final class NodeResolver implements QueryService {

    private final WireAnswerCache cache;
    private final CentralLookup central;
    private final UpstreamForwarder upstream;
    private final ClientCounters counters;
    private final long failureRecheckNanos;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    private volatile ClientState state;
    // While the central is known to be away (RFC 8767 failure recheck), stale answers go out
    // at once instead of after a timeout.
    private static final long CENTRAL_UP = Long.MIN_VALUE;
    private volatile long centralDownUntil = CENTRAL_UP;

    NodeResolver(WireAnswerCache cache, CentralLookup central, UpstreamForwarder upstream, ClientCounters counters,
                 long failureRecheckNanos) {
        this.cache = cache;
        this.central = central;
        this.upstream = upstream;
        this.counters = counters;
        this.failureRecheckNanos = failureRecheckNanos;
    }

    void publish(ClientState next) {
        state = next;
    }

    @Override
    public void query(ByteBuffer packet, InetSocketAddress sender, boolean tcp, EventLoop loop, Reply reply) {
        ClientState s = state;
        InetAddress caller = sender.getAddress();
        Query q;
        try {
            q = QueryParser.parse(packet);
        } catch (MalformedMessage e) {
            counters.malformed.increment();
            byte[] formErr = e.answerable() && s.allow().allows(caller) ? ShortResponses.formErr(packet) : null;
            if (formErr != null) {
                reply.send(formErr);
            }
            return;
        }
        if (!s.allow().allows(caller)) {
            counters.refused.increment();
            reply.send(ShortResponses.of(q, Rcode.REFUSED, false));
            return;
        }
        if ((q.flags() & DnsHeader.OPCODE_MASK) != 0) {
            counters.rejected.increment();
            reply.send(ShortResponses.of(q, Rcode.NOTIMP, false));
            return;
        }
        if (q.ednsVersion() > 0) {
            // RFC 6891 §6.1.3: only version 0 exists; the client retries with it.
            counters.rejected.increment();
            reply.send(ShortResponses.of(q, Rcode.BADVERS, false));
            return;
        }
        boolean inZone = WireNames.isUnder(q.name(), s.zone());
        if (q.type() == Type.AXFR || q.type() == Type.IXFR
                || (inZone && q.dnsClass() != DClass.IN && q.dnsClass() != DClass.ANY)) {
            counters.rejected.increment();
            reply.send(ShortResponses.of(q, Rcode.REFUSED, false));
            return;
        }
        long now = cache.now();
        WireAnswer cached = cache.lookup(q.name(), q.type(), q.dnsClass(), caller, inZone, now);
        if (cached != null && cached.isFresh(now)) {
            counters.hits.increment();
            send(q, cached, now, false, tcp, reply);
            if (cached.refreshDue(now) && cached.claimRefresh()) {
                refresh(q, caller, inZone, s, loop);
            }
            return;
        }
        long downUntil = centralDownUntil;
        if (cached != null && inZone && downUntil != CENTRAL_UP && now - downUntil < 0) {
            counters.misses.increment();
            counters.stale.increment();
            send(q, cached, now, true, tcp, reply);
            return;
        }
        counters.misses.increment();
        fetch(q, caller, inZone, s, loop).whenComplete((fetched, error) -> {
            long at = cache.now();
            boolean usable = error == null && fetched.answer().rcode() != Rcode.SERVFAIL;
            if (inZone) {
                centralDownUntil = usable ? CENTRAL_UP : at + failureRecheckNanos;
            }
            if (usable) {
                cache.store(q.name(), q.type(), q.dnsClass(), caller, fetched.scope(), fetched.answer());
                send(q, fetched.answer(), at, false, tcp, reply);
            } else if (cached != null) {
                counters.stale.increment();
                send(q, cached, at, true, tcp, reply);
            } else if (error == null) {
                send(q, fetched.answer(), at, false, tcp, reply);
            } else {
                counters.failures.increment();
                reply.send(ShortResponses.of(q, Rcode.SERVFAIL, false));
            }
        });
    }

    /**
     * Fetches a fresh answer that is about to expire while it is still being served, so that a
     * popular name never expires: no miss, and no burst of queries off the fast path waiting
     * for the central. One query per entry and expiry gets here (the claim).
     */
    private void refresh(Query q, InetAddress caller, boolean inZone, ClientState s, EventLoop loop) {
        fetch(q, caller, inZone, s, loop).whenComplete((fetched, error) -> {
            boolean usable = error == null && fetched.answer().rcode() != Rcode.SERVFAIL;
            if (inZone) {
                centralDownUntil = usable ? CENTRAL_UP : cache.now() + failureRecheckNanos;
            }
            if (usable) {
                cache.store(q.name(), q.type(), q.dnsClass(), caller, fetched.scope(), fetched.answer());
            }
        });
    }

    /**
     * Starts a fetch, or joins the one already under way for the same question (and, in the
     * zone, the same caller, since the scope is not known before the answer): when a popular
     * name expires, the queries that arrive together cost one question to the central.
     */
    private CompletableFuture<Fetched> fetch(Query q, InetAddress caller, boolean inZone, ClientState s, EventLoop loop) {
        CacheKey key = CacheKey.of(q.name(), q.type(), q.dnsClass(), inZone ? caller : null, inZone ? 128 : 0);
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        CompletableFuture<Fetched> started;
        try {
            if (inZone) {
                counters.centralQueries.increment();
                started = central.fetch(q, caller, s.central(), loop);
            } else {
                counters.upstreamQueries.increment();
                started = upstream.forward(q, s.upstreams(), loop);
            }
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((fetched, error) -> {
            inFlight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(fetched);
            }
        });
        return mine;
    }

    private void send(Query q, WireAnswer answer, long now, boolean stale, boolean tcp, Reply reply) {
        if (!tcp && answer.length(q) > q.udpLimit()) {
            counters.truncated.increment();
            reply.send(ShortResponses.of(q, answer.rcode(), true));
            return;
        }
        reply.send(answer.toResponse(q, now, stale));
    }

    /**
     * The fresh cache hit, answered during the read: the same checks as {@link #query} in the
     * same order, and -1 (nothing counted, nothing written) for anything else, which
     * {@link #query} then handles: refusals, errors, misses, stale entries, truncation.
     */
    @Override
    public int answerNow(ByteBuffer query, InetAddress caller, ByteBuffer out) {
        ClientState s = state;
        if (!s.allow().allows(caller)) {
            return -1;
        }
        HitScratch scratch = HIT_SCRATCH.get();
        QueryView q;
        try {
            q = scratch.query.read(query);
        } catch (MalformedMessage e) {
            return -1;
        }
        if ((q.flags() & DnsHeader.OPCODE_MASK) != 0 || q.ednsVersion() > 0
                || q.type() == Type.AXFR || q.type() == Type.IXFR) {
            return -1;
        }
        CacheKey probe = scratch.key.question(q);
        boolean inZone = probe.nameIsUnder(s.zone());
        if (inZone && q.dnsClass() != DClass.IN && q.dnsClass() != DClass.ANY) {
            return -1;
        }
        long now = cache.now();
        WireAnswer cached = cache.lookup(probe, caller, inZone, now);
        if (cached == null || !cached.isFresh(now) || cached.refreshDue(now)) {
            // A refresh due goes to query, which starts it on the event loop.
            return -1;
        }
        int length = cached.length(q);
        if (length > q.udpLimit() || length > out.remaining()) {
            return -1;
        }
        counters.hits.increment();
        int start = out.position();
        cached.write(q, now, false, out);
        return out.position() - start;
    }

    /** What a cache hit reads into instead of allocating: one per thread (event loop). */
    private static final class HitScratch {
        final QueryView query = new QueryView();
        final CacheKey key = CacheKey.probe();
    }

    private static final FastThreadLocal<HitScratch> HIT_SCRATCH = new FastThreadLocal<>() {
        @Override
        protected HitScratch initialValue() {
            return new HitScratch();
        }
    };

    /**
     * The cache-hit path alone, without I/O, for benchmarks: writes the answer to {@code query}
     * from {@code caller} into {@code out} and returns its length, or -1 when there is no fresh
     * entry (or the query would not be answered from the cache).
     */
    public int answerFromCache(ByteBuffer query, InetAddress caller, ByteBuffer out) {
        return answerNow(query, caller, out);
    }

    /**
     * A resolver with no sockets, for benchmarks of the cache-hit path: fill it with
     * {@link #prime} and call {@link #answerFromCache}. Misses would fail (no loop to fetch on).
     */
    public static NodeResolver standalone(Config config, Ticker ticker) {
        NodeResolver r = new NodeResolver(new WireAnswerCache(ticker, 1_000_000, Duration.ofHours(1)),
                null, null, new ClientCounters(), 0);
        r.publish(ClientState.of(config, Path.of("/etc/resolv.conf")));
        return r;
    }

    /**
     * Stores a response as if fetched for {@code caller} with ECS scope {@code scope} (0: for
     * everyone). For benchmarks and tests; the question is taken from the response.
     */
    public void prime(byte[] response, InetAddress caller, int scope) throws IOException, MalformedMessage {
        Message m = new Message(response);
        Record question = m.getQuestion();
        byte[] name = question.getName().toWireCanonical();
        cache.store(name, question.getType(), question.getDClass(), caller, scope, WireAnswer.of(m, cache.now()));
    }

    /** Entries in the cache (for tests and metrics). */
    public long cachedEntries() {
        return cache.size();
    }

    /** Forgets every cached answer (for tests). */
    public void clearCache() {
        cache.clear();
    }
}
