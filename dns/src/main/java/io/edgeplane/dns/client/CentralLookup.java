package io.edgeplane.dns.client;

import io.edgeplane.dns.net.DnsTransport;
import io.edgeplane.dns.net.QueryIds;
import io.edgeplane.dns.wire.MalformedMessage;
import io.edgeplane.dns.wire.Query;
import io.edgeplane.dns.wire.WireAnswer;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A zone name asked of the central on behalf of a caller: the caller's whole address goes in an
 * ECS option (RFC 7871), and the scope that comes back says who else the answer is good for.
 */
final class CentralLookup {

    private final DnsTransport transport;
    private final Duration timeout;
    private final int attempts;
    private final LongSupplier clock;

    CentralLookup(DnsTransport transport, Duration timeout, int attempts, LongSupplier clock) {
        this.transport = transport;
        this.timeout = timeout;
        this.attempts = attempts;
        this.clock = clock;
    }

    CompletableFuture<Fetched> fetch(Query q, InetAddress caller, InetSocketAddress central, EventLoop loop) {
        ClientSubnetOption sent = new ClientSubnetOption(caller.getAddress().length * 8, caller);
        byte[] wire;
        try {
            Message m = new Message(QueryIds.next());
            m.addRecord(Record.newRecord(new Name(new DNSInput(q.name())), q.type(), q.dnsClass()), Section.QUESTION);
            m.addRecord(new OPTRecord(io.edgeplane.dns.wire.DnsHeader.ADVERTISED_UDP_SIZE, 0, 0, 0, List.of(sent)),
                    Section.ADDITIONAL);
            wire = m.toWire();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Exchanges.ask(loop, transport, central, wire, timeout, attempts)
                .thenApply(response -> {
                    try {
                        return new Fetched(WireAnswer.of(response, clock.getAsLong()), scope(response, sent));
                    } catch (MalformedMessage e) {
                        throw new CompletionException(e);
                    }
                });
    }

    /**
     * The scope to cache under. No option back means /0 (RFC 7871 §7.3); an option for another
     * address than the one sent is a broken or forged answer and is not used.
     */
    static int scope(Message response, ClientSubnetOption sent) {
        OPTRecord opt = response.getOPT();
        if (opt == null) {
            return 0;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            if (o instanceof ClientSubnetOption back) {
                if (back.getFamily() != sent.getFamily() || back.getSourcePrefixLength() != sent.getSourcePrefixLength()
                        || !back.getAddress().equals(sent.getAddress())) {
                    throw new CompletionException(new IOException("central answered for another client subnet: " + back));
                }
                return Math.min(back.getScopePrefixLength(), sent.getSourcePrefixLength());
            }
        }
        return 0;
    }
}
