package io.edgeplane.dns.net;

import io.netty.channel.EventLoop;
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
}
