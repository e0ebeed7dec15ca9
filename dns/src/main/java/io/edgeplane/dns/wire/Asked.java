package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/**
 * What an answer needs from the query it answers. Two forms: {@link Query}, copied out so it
 * outlives the packet (fetches), and {@link QueryView}, offsets into the packet still being read
 * (cache hits, which must not allocate).
 */
public interface Asked {

    int id();

    int flags();

    /** Bytes of the question section as sent: name (client's case), type, class. */
    int questionLength();

    /** Writes the question section as sent at {@code out}'s position and advances it. */
    void putQuestion(ByteBuffer out);

    boolean edns();

    /** The largest UDP answer this client takes: 512 without EDNS, else what it advertised. */
    default int udpLimit() {
        return edns() ? Math.max(DnsHeader.CLASSIC_UDP_SIZE, udpSize()) : DnsHeader.CLASSIC_UDP_SIZE;
    }

    int udpSize();
}
