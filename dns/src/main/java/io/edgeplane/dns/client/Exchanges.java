package io.edgeplane.dns.client;

import io.edgeplane.dns.net.DnsExchange;
import io.edgeplane.dns.net.DnsTransport;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Asking one server: over UDP, again on a timeout (up to {@code attempts}), and over TCP when
 * the UDP answer comes back truncated.
 */
final class Exchanges {

    private Exchanges() {
    }

    static CompletableFuture<Message> ask(EventLoop loop, DnsTransport transport, InetSocketAddress server, byte[] query,
                                          Duration timeout, int attempts) {
        return DnsExchange.udp(loop, transport, server, query, timeout)
                .handle((bytes, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause instanceof TimeoutException && attempts > 1) {
                            return ask(loop, transport, server, query, timeout, attempts - 1);
                        }
                        return CompletableFuture.<Message>failedFuture(cause);
                    }
                    Message m = parse(bytes);
                    if (m.getHeader().getFlag(Flags.TC)) {
                        return DnsExchange.tcp(loop, transport, server, query, timeout).thenApply(Exchanges::parse);
                    }
                    return CompletableFuture.completedFuture(m);
                })
                .thenCompose(f -> f);
    }

    private static Message parse(byte[] bytes) {
        try {
            return new Message(bytes);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }
}
