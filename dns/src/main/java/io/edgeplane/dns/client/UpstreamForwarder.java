package io.edgeplane.dns.client;

import io.edgeplane.dns.net.DnsTransport;
import io.edgeplane.dns.net.QueryIds;
import io.edgeplane.dns.wire.DnsHeader;
import io.edgeplane.dns.wire.MalformedMessage;
import io.edgeplane.dns.wire.Query;
import io.edgeplane.dns.wire.WireAnswer;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Names outside the zone, asked of the upstream resolvers in turn: a fresh query (random ID,
 * random port, recursion desired, no ECS: a container's address never leaves the server), the
 * next upstream on a timeout, an error or a SERVFAIL.
 */
final class UpstreamForwarder {

    private final DnsTransport transport;
    private final Duration timeout;
    private final LongSupplier clock;

    UpstreamForwarder(DnsTransport transport, Duration timeout, LongSupplier clock) {
        this.transport = transport;
        this.timeout = timeout;
        this.clock = clock;
    }

    CompletableFuture<Fetched> forward(Query q, List<InetSocketAddress> upstreams, EventLoop loop) {
        if (upstreams.isEmpty()) {
            return CompletableFuture.failedFuture(new IOException("no upstream resolvers"));
        }
        return attempt(q, upstreams, 0, loop);
    }

    private CompletableFuture<Fetched> attempt(Query q, List<InetSocketAddress> upstreams, int index, EventLoop loop) {
        byte[] wire;
        try {
            Message m = new Message(QueryIds.next());
            m.getHeader().setFlag(Flags.RD);
            m.addRecord(Record.newRecord(new Name(new DNSInput(q.name())), q.type(), q.dnsClass()), Section.QUESTION);
            m.addRecord(new OPTRecord(DnsHeader.ADVERTISED_UDP_SIZE, 0, 0), Section.ADDITIONAL);
            wire = m.toWire();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean last = index == upstreams.size() - 1;
        return Exchanges.ask(loop, transport, upstreams.get(index), wire, timeout, 1)
                .handle((response, error) -> {
                    if (!last && (error != null || response.getRcode() == Rcode.SERVFAIL)) {
                        return attempt(q, upstreams, index + 1, loop);
                    }
                    if (error != null) {
                        return CompletableFuture.<Fetched>failedFuture(error);
                    }
                    try {
                        return CompletableFuture.completedFuture(new Fetched(WireAnswer.of(response, clock.getAsLong()), 0));
                    } catch (MalformedMessage e) {
                        return CompletableFuture.<Fetched>failedFuture(new CompletionException(e));
                    }
                })
                .thenCompose(f -> f);
    }
}
