package io.edgeplane.dns.net;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Answers DNS queries arriving on a listener. Called on an event loop: it must not block.
 * {@code query} is valid only during the call (the packet is released after it), so anything
 * needed later is copied out first.
 */
public interface QueryService {

    /** Sends back the response once, from any thread; not calling it drops the query. */
    @FunctionalInterface
    interface Reply {
        void send(byte[] response);
    }

    /**
     * @param loop the event loop the query arrived on: work done for it (asking another server)
     *             should stay there
     */
    void query(ByteBuffer query, InetSocketAddress sender, boolean tcp, EventLoop loop, Reply reply);

    /**
     * The UDP fast path, tried before {@link #query}: writes the complete answer into {@code out}
     * and returns its length, or returns -1 having written nothing and counted nothing, and the
     * listener calls {@link #query}. Lets a service answer its common case without allocating.
     */
    default int answerNow(ByteBuffer query, InetAddress caller, ByteBuffer out) {
        return -1;
    }
}
